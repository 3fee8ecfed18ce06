import { defineModule } from '../mirai-module.ts';
import { xapiCredentialRoutes } from './xapi-credentials.routes.ts';
import type { XapiCredentialsService } from './xapi-credentials.service.ts';
import { xapiDocumentRoutes } from './xapi-documents.routes.ts';
import type { XapiDocumentsService } from './xapi-documents.service.ts';
import { XapiCredentialSchema, XapiDocumentSchema, XapiStatementSchema } from './xapi-records.entity.ts';
import { xapiStatementRoutes } from './xapi-statements.routes.ts';
import type { XapiStatementsService } from './xapi-statements.service.ts';

export interface XapiServices {
  xapiCredentials: XapiCredentialsService;
  xapiStatements: XapiStatementsService;
  xapiDocuments: XapiDocumentsService;
  /** The API's public URL: the LRS endpoint is `<publicUrl>/xapi/`. */
  publicUrl: string;
}

/** Mirai as an xAPI 1.0.3 LRS: Statements, State, Agent Profile and About, per organisation, behind issued Basic credentials. */
export const xapiModule = defineModule<XapiServices>({
  name: 'xapi',
  entities: { tenantOwned: [XapiCredentialSchema, XapiStatementSchema, XapiDocumentSchema], instanceWide: [] },
  routes: async (app, services) => {
    const credentials = services.xapiCredentials;
    await app.register(xapiCredentialRoutes, { credentials, publicUrl: services.publicUrl });
    await app.register(xapiStatementRoutes, { credentials, statements: services.xapiStatements });
    await app.register(xapiDocumentRoutes, { credentials, documents: services.xapiDocuments });
  },
});
