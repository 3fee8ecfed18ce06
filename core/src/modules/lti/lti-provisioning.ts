import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../identity/roles.ts';
import { hashToken, newToken } from '../identity/tokens.ts';
import type { LtiPlatform } from './lti.entity.ts';

/** How long the app has to redeem a launch's hand-off code. */
const HANDOFF_TTL_SECONDS = 120;

/**
 * The Mirai user of a platform's `sub`, made on first launch. The user is keyed by (platform, sub),
 * never by the e-mail the platform sends: a platform must not be able to sign in as an existing
 * account by claiming its address. The address is therefore a placeholder under `.invalid`.
 */
export async function provisionUser(em: EntityManager, platform: LtiPlatform, sub: string): Promise<string> {
  const subject = `${platform.id}:${sub}`;
  const placeholder = `lti-${createHash('sha256').update(subject).digest('hex').slice(0, 32)}@lti.invalid`;
  await em.execute(
    `insert into app_user (id, email, auth_provider, auth_subject, created_at) values (?, ?, 'lti', ?, now())
     on conflict (auth_provider, auth_subject) do nothing`,
    [randomUUID(), placeholder, subject],
  );
  const rows = await em.execute<{ id: string }[]>("select id from app_user where auth_provider = 'lti' and auth_subject = ?", [subject]);
  const row = rows[0];
  if (row === undefined) throw new Error(`LTI user ${subject} vanished`);
  return row.id;
}

/** Whether the platform's `sub` is a member of the platform's organisation already (they take no new seat). */
export async function isPlatformMember(em: EntityManager, platform: LtiPlatform, sub: string): Promise<boolean> {
  const members = await em.execute<{ one: number }[]>(
    `select 1 as one from membership m join app_user u on u.id = m.user_id
      where m.tenant_id = ? and u.auth_provider = 'lti' and u.auth_subject = ?`,
    [platform.tenantId, `${platform.id}:${sub}`],
  );
  return members.length > 0;
}

/**
 * Makes the user a member of the platform's organisation with the launch's role. Owners and
 * admins keep their role; an author or learner follows what the platform says now.
 */
export async function ensureMembership(
  em: EntityManager,
  tenantId: string,
  userId: string,
  role: Extract<Role, 'author' | 'learner'>,
): Promise<Role> {
  const rows = await em.execute<{ role: Role }[]>(
    `insert into membership (id, tenant_id, user_id, role, created_at) values (?, ?, ?, ?, now())
     on conflict (tenant_id, user_id) do update
       set role = case when membership.role in ('owner', 'admin') then membership.role else excluded.role end
     returning role`,
    [randomUUID(), tenantId, userId, role],
  );
  return rows[0]?.role ?? role;
}

/** A one-time code the app redeems for a session, so the launch signs the person into the app. */
export async function createHandoff(em: EntityManager, tenantId: string, userId: string, path: string): Promise<string> {
  const code = newToken();
  await em.execute("delete from lti_handoff where expires_at < now() - interval '1 hour'");
  await em.execute(
    `insert into lti_handoff (code_hash, tenant_id, user_id, path, expires_at) values (?, ?, ?, ?, now() + interval '${HANDOFF_TTL_SECONDS} seconds')`,
    [hashToken(code), tenantId, userId, path],
  );
  return code;
}

/** Takes a hand-off once; null when unknown, used or expired. */
export async function redeemHandoff(em: EntityManager, code: string): Promise<{ tenantId: string; userId: string; path: string } | null> {
  const rows = await em.execute<{ tenant_id: string; user_id: string; path: string }[]>(
    'delete from lti_handoff where code_hash = ? and expires_at > now() returning tenant_id, user_id, path',
    [hashToken(code)],
  );
  const row = rows[0];
  return row === undefined ? null : { tenantId: row.tenant_id, userId: row.user_id, path: row.path };
}
