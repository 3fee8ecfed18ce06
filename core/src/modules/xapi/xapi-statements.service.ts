import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { contentHash, queryColumns } from './statement-identity.ts';
import { statementProblems, VOIDED_VERB } from './statement-rules.ts';
import type { XapiCaller } from './xapi-credentials.service.ts';
import { type XapiStatement, XapiStatementSchema } from './xapi-records.entity.ts';
import { isObject, type Json } from './xapi-values.ts';

/** Validates, stores and voids statements of the caller's organisation. */
export class XapiStatementsService {
  /**
   * Stores `bodies` (all or none) and returns their ids in order. A statement already stored
   * under its id is accepted again unchanged when its content is the same, and refused with 409
   * when it differs. `body` is one statement or (POST only) an array; `fixedId` is the `statementId` of a PUT.
   */
  async store(em: EntityManager, caller: XapiCaller, body: unknown, fixedId?: string): Promise<string[]> {
    if (Array.isArray(body) && fixedId !== undefined)
      throw new MiraiError('MIRAI_ERR_XAPI_STATEMENT_INVALID', 'PUT stores one statement, not an array');
    const bodies: unknown[] = Array.isArray(body) ? body : [body];
    if (bodies.length === 0) throw new MiraiError('MIRAI_ERR_XAPI_STATEMENT_INVALID', 'Send at least one statement');
    const errors = bodies.flatMap((entry, index) => statementProblems(entry, Array.isArray(body) ? `/body/${index}` : '/body'));
    if (errors.length > 0)
      throw new MiraiError('MIRAI_ERR_XAPI_STATEMENT_INVALID', errors.map((error) => `${error.field} ${error.message}`).join('; '), {
        fieldErrors: errors,
      });
    const statements = bodies.filter(isObject);
    if (fixedId !== undefined) {
      const [statement] = statements;
      if (statement?.id !== undefined && String(statement.id).toLowerCase() !== fixedId.toLowerCase())
        throw new MiraiError(
          'MIRAI_ERR_XAPI_STATEMENT_INVALID',
          `The statement's id ${String(statement?.id)} is not the statementId parameter ${fixedId}`,
        );
    }
    const ids = statements.map((statement) => (typeof statement.id === 'string' ? statement.id : (fixedId ?? crypto.randomUUID())).toLowerCase());
    if (new Set(ids).size !== ids.length) throw new MiraiError('MIRAI_ERR_XAPI_STATEMENT_INVALID', 'Two statements of the batch have the same id');
    return em
      .transactional(async (tx) => {
        await caller.scope?.accept(tx, statements);
        const stored = await this.insert(tx, caller, statements, ids);
        await caller.scope?.stored(tx, statements);
        return stored;
      })
      .catch((error: unknown) => {
        // Another request stored one of these ids between our read and our insert.
        if (error instanceof UniqueConstraintViolationException)
          throw new MiraiError(
            'MIRAI_ERR_XAPI_STATEMENT_CONFLICT',
            'A statement with one of these ids was stored at the same moment; send again to compare',
            {
              cause: error,
            },
          );
        throw error;
      });
  }

  private async insert(tx: EntityManager, caller: XapiCaller, statements: Json[], ids: string[]): Promise<string[]> {
    const existing = new Map((await tx.find(XapiStatementSchema, { statementId: { $in: ids } })).map((row) => [row.statementId, row]));
    const stored = new Date();
    const created: XapiStatement[] = [];
    statements.forEach((statement, index) => {
      const statementId = ids[index] ?? crypto.randomUUID();
      const hash = contentHash(statement);
      const already = existing.get(statementId);
      if (already !== undefined) {
        if (already.contentHash !== hash)
          throw new MiraiError('MIRAI_ERR_XAPI_STATEMENT_CONFLICT', `Statement ${statementId} is already stored with different content`);
        return;
      }
      const full: Json = {
        ...statement,
        id: statementId,
        timestamp: statement.timestamp ?? stored.toISOString(),
        stored: stored.toISOString(),
        authority: caller.authority,
        version: statement.version ?? '1.0.0',
      };
      const columns = queryColumns(full);
      const voids = columns.verbId === VOIDED_VERB && isObject(statement.object) ? String(statement.object.id).toLowerCase() : null;
      created.push(
        tx.create(XapiStatementSchema, {
          id: crypto.randomUUID(),
          tenantId: caller.tenantId,
          statementId,
          statement: full,
          contentHash: hash,
          ...columns,
          voided: false,
          voidsStatementId: voids,
          stored,
          batchPosition: index,
          credentialId: caller.credentialId,
        }),
      );
    });
    await this.applyVoiding(tx, created);
    await tx.flush();
    return ids;
  }

  /**
   * Voids the targets of the voiding statements among `created`. A voiding statement cannot
   * void another voiding statement; one whose target is not stored (yet) is kept, as xAPI allows.
   */
  private async applyVoiding(tx: EntityManager, created: XapiStatement[]): Promise<void> {
    const targets = created.map((row) => row.voidsStatementId).filter((target): target is string => typeof target === 'string');
    if (targets.length === 0) return;
    const stored = await tx.find(XapiStatementSchema, { statementId: { $in: targets } });
    const byId = new Map([...stored, ...created].map((row) => [row.statementId, row]));
    for (const target of targets) {
      const row = byId.get(target);
      if (row === undefined) continue;
      if (row.voidsStatementId !== null)
        throw new MiraiError('MIRAI_ERR_XAPI_VOIDING_INVALID', `Statement ${target} is itself a voiding statement and cannot be voided`);
      row.voided = true;
    }
  }

  /** One statement by id: `voided` asks for a voided one (voidedStatementId), otherwise a voided one is not found. */
  async get(em: EntityManager, statementId: string, voided: boolean, registration?: string): Promise<Json> {
    const row = await em.findOne(XapiStatementSchema, {
      statementId: statementId.toLowerCase(),
      voided,
      ...(registration === undefined ? {} : { registration }),
    });
    if (row === null)
      throw new MiraiError(
        'MIRAI_ERR_XAPI_STATEMENT_NOT_FOUND',
        voided ? `No voided statement ${statementId}` : `No statement ${statementId} (or it was voided)`,
      );
    return row.statement;
  }
}
