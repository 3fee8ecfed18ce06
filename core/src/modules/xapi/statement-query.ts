import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { type XapiStatement, XapiStatementSchema } from './xapi-records.entity.ts';
import { agentKey, checkAgentOrGroup, Findings, type Json } from './xapi-values.ts';

/** The most statements one response holds; `limit=0` means this. */
export const STATEMENT_PAGE_MAX = 100;

export interface StatementQuery {
  agent?: string;
  verb?: string;
  activity?: string;
  registration?: string;
  since?: string;
  until?: string;
  limit?: number;
  ascending?: boolean;
  /** Opaque: where the previous page ended (from a `more` link). */
  cursor?: string;
}

/** Parses the `agent` parameter (a JSON Agent or Group) to the identifier statements are matched by. */
export function agentParameter(value: string, name = 'agent'): string {
  let agent: unknown;
  try {
    agent = JSON.parse(value);
  } catch {
    throw new MiraiError('MIRAI_ERR_XAPI_PARAMETER_INVALID', `The ${name} parameter must be a JSON Agent object`);
  }
  const findings = new Findings();
  checkAgentOrGroup(agent, `/querystring/${name}`, findings);
  const key = agentKey(agent);
  if (findings.errors.length > 0 || key === null)
    throw new MiraiError('MIRAI_ERR_XAPI_PARAMETER_INVALID', `The ${name} parameter is not a valid identified Agent`, {
      fieldErrors: findings.errors,
    });
  return key;
}

const encodeCursor = (row: XapiStatement): string =>
  Buffer.from(JSON.stringify([row.stored.toISOString(), row.batchPosition, row.statementId])).toString('base64url');

function decodeCursor(cursor: string): { stored: Date; batchPosition: number; statementId: string } {
  try {
    const [stored, batchPosition, statementId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number, string];
    const date = new Date(stored);
    if (Number.isNaN(date.getTime()) || !Number.isInteger(batchPosition) || typeof statementId !== 'string') throw new Error('bad cursor');
    return { stored: date, batchPosition, statementId };
  } catch {
    throw new MiraiError('MIRAI_ERR_XAPI_PARAMETER_INVALID', 'The cursor parameter is not one this LRS handed out in a more link');
  }
}

function storedBound(value: string, name: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new MiraiError('MIRAI_ERR_XAPI_PARAMETER_INVALID', `The ${name} parameter must be an ISO 8601 timestamp`);
  return date;
}

/**
 * Non-voided statements matching `query`, newest stored first unless `ascending`, one page at a
 * time; `more` is the path of the next page (empty when there is none), as xAPI's StatementResult.
 */
export async function queryStatements(em: EntityManager, query: StatementQuery, path: string): Promise<{ statements: Json[]; more: string }> {
  const conditions: FilterQuery<XapiStatement>[] = [{ voided: false }];
  if (query.agent !== undefined) {
    const key = agentParameter(query.agent);
    conditions.push({ $or: [{ actorKey: key }, { objectAgentKey: key }] });
  }
  if (query.verb !== undefined) conditions.push({ verbId: query.verb });
  if (query.activity !== undefined) conditions.push({ activityId: query.activity });
  if (query.registration !== undefined) conditions.push({ registration: query.registration.toLowerCase() });
  if (query.since !== undefined) conditions.push({ stored: { $gt: storedBound(query.since, 'since') } });
  if (query.until !== undefined) conditions.push({ stored: { $lte: storedBound(query.until, 'until') } });
  const ascending = query.ascending === true;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    const beyond = ascending ? '$gt' : '$lt';
    conditions.push({
      $or: [
        { stored: { [beyond]: after.stored } },
        { stored: after.stored, batchPosition: { [beyond]: after.batchPosition } },
        // Two requests stored in the same millisecond: the statement id orders them.
        { stored: after.stored, batchPosition: after.batchPosition, statementId: { [beyond]: after.statementId } },
      ],
    });
  }
  const limit = query.limit === undefined || query.limit === 0 ? STATEMENT_PAGE_MAX : Math.min(query.limit, STATEMENT_PAGE_MAX);
  const direction = ascending ? 'asc' : 'desc';
  const rows = await em.find(
    XapiStatementSchema,
    { $and: conditions },
    { orderBy: [{ stored: direction }, { batchPosition: direction }, { statementId: direction }], limit: limit + 1 },
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  if (rows.length <= limit || last === undefined) return { statements: page.map((row) => row.statement), more: '' };
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && key !== 'cursor') next.set(key, String(value));
  next.set('cursor', encodeCursor(last));
  return { statements: page.map((row) => row.statement), more: `${path}?${next.toString()}` };
}
