import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { LtiPlatform } from './lti.entity.ts';
import { CLAIM, objectClaim, stringClaim } from './lti-claims.ts';
import type { VerifiedLaunch } from './lti-id-token.ts';

export interface RosterContext {
  id: string;
  tenantId: string;
  platformId: string;
  platformName: string;
  contextId: string;
  title: string;
  courseId: string;
  membershipsUrl: string;
  lastSyncedAt: Date | null;
}

interface ContextRow {
  id: string;
  tenant_id: string;
  platform_id: string;
  platform_name: string;
  context_id: string;
  title: string;
  course_id: string;
  memberships_url: string;
  last_synced_at: Date | null;
}

const toContext = (row: ContextRow): RosterContext => ({
  id: row.id,
  tenantId: row.tenant_id,
  platformId: row.platform_id,
  platformName: row.platform_name,
  contextId: row.context_id,
  title: row.title,
  courseId: row.course_id,
  membershipsUrl: row.memberships_url,
  lastSyncedAt: row.last_synced_at === null ? null : new Date(row.last_synced_at),
});

/**
 * Remembers the platform context of a verified launch that opened a Mirai course and offered NRPS
 * 2.0 (the claim's `context_memberships_url`), so its roster can be synced later. A newer launch
 * updates the URL and title.
 */
export async function rememberContext(em: EntityManager, platform: LtiPlatform, launch: VerifiedLaunch, courseId: string): Promise<void> {
  const service = objectClaim(launch.payload, CLAIM.namesRoleService);
  const url = stringClaim(service, 'context_memberships_url');
  const versions = service.service_versions;
  const context = objectClaim(launch.payload, CLAIM.context);
  const contextId = stringClaim(context, 'id');
  if (url === undefined || contextId === undefined || !Array.isArray(versions) || !versions.includes('2.0') || URL.parse(url) === null) return;
  await em.execute(
    `insert into lti_context (id, tenant_id, platform_id, context_id, title, course_id, memberships_url, created_at)
     values (?, ?, ?, ?, ?, ?, ?, now())
     on conflict (platform_id, context_id, course_id) do update set memberships_url = excluded.memberships_url, title = excluded.title`,
    [randomUUID(), platform.tenantId, platform.id, contextId, (stringClaim(context, 'title') ?? contextId).slice(0, 300), courseId, url],
  );
}

const SELECT = `select x.id, x.tenant_id, x.platform_id, p.name as platform_name, x.context_id, x.title, x.course_id, x.memberships_url, x.last_synced_at
  from lti_context x join lti_platform p on p.id = x.platform_id`;

/** The organisation's launched contexts with a membership service. */
export async function listContexts(em: EntityManager, tenantId: string): Promise<RosterContext[]> {
  return (await em.execute<ContextRow[]>(`${SELECT} where x.tenant_id = ? order by x.created_at`, [tenantId])).map(toContext);
}

/** One context of the organisation; another organisation's is not found. */
export async function contextOf(em: EntityManager, tenantId: string, id: string): Promise<RosterContext> {
  const row = (await em.execute<ContextRow[]>(`${SELECT} where x.tenant_id = ? and x.id = ?`, [tenantId, id]))[0];
  if (row === undefined) throw new MiraiError('MIRAI_ERR_LTI_CONTEXT_NOT_FOUND');
  return toContext(row);
}
