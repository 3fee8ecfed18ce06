import type { PluginEgress } from '@mirai/sdk-plugin';
import { defineModule } from '../mirai-module.ts';
import type { UploadsService } from '../storage/uploads.service.ts';
import { AudienceSchema } from './audience.entity.ts';
import type { AudiencesService } from './audiences.service.ts';
import { documentExtractionHandler } from './document-extraction.handler.ts';
import type { DocumentIntakeService } from './document-intake.service.ts';
import { knowledgeRoutes } from './knowledge.routes.ts';
import type { KnowledgeService } from './knowledge.service.ts';
import { knowledgeLibraryRoutes } from './knowledge-library.routes.ts';
import { KnowledgeLibraryService } from './knowledge-library.service.ts';
import { SmeSchema } from './sme.entity.ts';
import { SmeDocumentSchema } from './sme-document.entity.ts';
import type { DocumentLimits } from './text-extraction.ts';

export interface KnowledgeServices {
  knowledge: KnowledgeService;
  audiences: AudiencesService;
  intake: DocumentIntakeService;
  uploads: UploadsService;
  documentLimits: DocumentLimits;
  egress: Pick<PluginEgress, 'fetch'>;
}

/** Subject-matter experts, their documents (extracted and chunked) and audiences. */
export const knowledgeModule = defineModule<KnowledgeServices>({
  name: 'knowledge',
  entities: { tenantOwned: [SmeSchema, SmeDocumentSchema, AudienceSchema], instanceWide: [] },
  routes: async (app, { knowledge, audiences, intake }) => {
    await app.register(knowledgeRoutes, { knowledge, audiences, intake });
    await app.register(knowledgeLibraryRoutes, { library: new KnowledgeLibraryService(knowledge), intake });
  },
  jobs: ({ knowledge, uploads, documentLimits, egress }) => {
    const extraction = documentExtractionHandler({ knowledge, uploads, limits: documentLimits, egress });
    return { [extraction.kind]: extraction.handler };
  },
});
