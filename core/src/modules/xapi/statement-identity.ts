import { createHash } from 'node:crypto';
import { agentKey, isObject, type Json } from './xapi-values.ts';

/** Properties the LRS sets or may change; two sends of the same statement may differ in them (xAPI §2.3.1 Statement Comparison). */
const SET_BY_LRS = new Set(['id', 'authority', 'stored', 'version']);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key])]),
  );
}

/** Equal for the same statement sent twice, whatever its key order; different for any change of content. */
export function contentHash(statement: Json): string {
  const content = Object.fromEntries(Object.entries(statement).filter(([key]) => !SET_BY_LRS.has(key)));
  return createHash('sha256')
    .update(JSON.stringify(canonical(content)))
    .digest('hex');
}

/** The columns a statement is queried by. */
export function queryColumns(statement: Json): {
  verbId: string;
  actorKey: string;
  objectAgentKey: string | null;
  activityId: string | null;
  registration: string | null;
} {
  const object = isObject(statement.object) ? statement.object : {};
  const objectType = object.objectType ?? 'Activity';
  const context = isObject(statement.context) ? statement.context : {};
  return {
    verbId: isObject(statement.verb) ? String(statement.verb.id) : '',
    actorKey: agentKey(statement.actor) ?? 'anonymous-group',
    objectAgentKey: objectType === 'Agent' || objectType === 'Group' ? agentKey(object) : null,
    activityId: objectType === 'Activity' && typeof object.id === 'string' ? object.id : null,
    registration: typeof context.registration === 'string' ? context.registration.toLowerCase() : null,
  };
}
