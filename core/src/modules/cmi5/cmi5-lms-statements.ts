import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { XapiCaller } from '../xapi/xapi-credentials.service.ts';
import type { XapiStatementsService } from '../xapi/xapi-statements.service.ts';
import type { Json } from '../xapi/xapi-values.ts';
import { CMI5_CATEGORY, type Cmi5Verb, SESSION_ID_EXTENSION, VERB } from './cmi5-vocabulary.ts';

/** The LMS's own statements (launched, abandoned, satisfied), stored with the LMS as authority. */
export class Cmi5LmsStatements {
  readonly #statements: XapiStatementsService;
  readonly #publicUrl: string;

  constructor(statements: XapiStatementsService, publicUrl: string) {
    this.#statements = statements;
    this.#publicUrl = publicUrl;
  }

  caller(tenantId: string, cmi5CourseId: string): XapiCaller {
    return {
      tenantId,
      credentialId: cmi5CourseId,
      authority: { objectType: 'Agent', name: 'Mirai cmi5 LMS', account: { homePage: this.#publicUrl, name: 'mirai-cmi5-lms' } },
    };
  }

  async send(
    em: EntityManager,
    caller: XapiCaller,
    statement: { actor: Json; verb: Cmi5Verb; object: Json; registration: string; sessionId: string; extensions?: Json; grouping?: Json[] },
  ): Promise<void> {
    const body: Json = {
      id: randomUUID(),
      actor: statement.actor,
      verb: { id: VERB[statement.verb], display: { 'en-US': statement.verb } },
      object: statement.object,
      timestamp: new Date().toISOString(),
      context: {
        registration: statement.registration,
        contextActivities: {
          category: [{ objectType: 'Activity', id: CMI5_CATEGORY }],
          ...(statement.grouping === undefined ? {} : { grouping: statement.grouping }),
        },
        extensions: { [SESSION_ID_EXTENSION]: statement.sessionId, ...statement.extensions },
      },
    };
    await this.#statements.store(em, caller, body);
  }
}
