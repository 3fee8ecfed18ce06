import type { ErrorCode } from '../../errors/error-catalogue.ts';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from './auth-context.ts';
import { AUTHOR_ROLES, type Role } from './roles.ts';

/** The facts about a caller that a decision needs; a websocket subscriber carries the same. */
export type Caller = Pick<AuthContext, 'tenantId' | 'role'>;

/** `not-found` for a missing or foreign object, so another organisation's ids stay unknowable. */
export type Decision = 'allowed' | 'forbidden' | 'not-found';

function decide(caller: Caller, roles: readonly Role[], object: { tenantId: string } | null): Decision {
  if (!roles.includes(caller.role)) return 'forbidden';
  if (object === null || object.tenantId !== caller.tenantId) return 'not-found';
  return 'allowed';
}

/**
 * A job's status and its event stream (drafts, SME excerpts, answer keys): authors and managers of
 * its organisation. `GET /v1/jobs/{id}` and a websocket subscription to the job both ask here.
 */
export const canReadJob = (caller: Caller, job: { tenantId: string } | null): Decision => decide(caller, AUTHOR_ROLES, job);

/**
 * A course as authors see it, with the live events of all its jobs: authors and managers of its
 * organisation. `GET /v1/courses/{id}` and a websocket subscription to the course both ask here;
 * learners read published courses through /v1/learn only.
 */
export const canReadCourseDrafts = (caller: Caller, course: { tenantId: string } | null): Decision => decide(caller, AUTHOR_ROLES, course);

export type Rule = (caller: Caller, object: { tenantId: string } | null) => Decision;

/** A REST route's answer to a rule: the object when allowed, else 403 or the route's 404. */
export function authorised<T extends { tenantId: string }>(rule: Rule, caller: Caller, object: T | null, notFound: ErrorCode): T {
  const decision = rule(caller, object);
  if (decision === 'forbidden') throw new MiraiError('MIRAI_ERR_AUTH_FORBIDDEN', `Your role (${caller.role}) does not allow reading this`);
  if (decision === 'not-found' || object === null) throw new MiraiError(notFound);
  return object;
}

/** The error code a websocket reports for a refused subscription: the same as the REST route's. */
export const refusalCode = (decision: Exclude<Decision, 'allowed'>, notFound: ErrorCode): ErrorCode =>
  decision === 'forbidden' ? 'MIRAI_ERR_AUTH_FORBIDDEN' : notFound;
