import { MiraiError } from '../../errors/mirai-error.ts';

const MEMBERSHIPS_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
/** A roster is read in at most this many pages; a longer one is synced in part and says so. */
export const MAX_ROSTER_PAGES = 50;
/** Members kept from one sync, whatever the platform's page size. */
export const MAX_ROSTER_MEMBERS = 10_000;

export interface RosterMember {
  userId: string;
  roles: unknown[];
}

const refuse = (reason: string) =>
  new MiraiError('MIRAI_ERR_LTI_ROSTER_SYNC_FAILED', `The roster sync failed: ${reason}`, { extensions: { reason } });

/** The `rel="next"` target of a Link header (RFC 8288), if any. */
export function nextLink(header: string | null): string | null {
  for (const part of (header ?? '').split(',')) {
    const match = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    const rel = /\brel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match?.[2] ?? '');
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (match?.[1] !== undefined && relations.includes('next')) return match[1];
  }
  return null;
}

/**
 * Reads a context's roster from the platform's NRPS 2.0 membership service, following `next` links
 * within the first page's origin (the bearer token goes nowhere else), up to the page and member
 * bounds. Active members only: an Inactive or Deleted one is not provisioned.
 */
export async function fetchRoster(
  fetch: typeof globalThis.fetch,
  membershipsUrl: string,
  token: string,
): Promise<{ members: RosterMember[]; pages: number; truncated: boolean }> {
  const origin = new URL(membershipsUrl).origin;
  const members: RosterMember[] = [];
  let url: string | null = membershipsUrl;
  let pages = 0;
  while (url !== null && pages < MAX_ROSTER_PAGES && members.length < MAX_ROSTER_MEMBERS) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: MEMBERSHIPS_TYPE, authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) });
    } catch (error) {
      throw refuse(`the membership service could not be reached (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!response.ok) throw refuse(`the membership service answered ${response.status}`);
    const body: unknown = await response.json().catch(() => null);
    const list = typeof body === 'object' && body !== null && 'members' in body ? body.members : undefined;
    if (!Array.isArray(list)) throw refuse('the membership service answered no membership container');
    for (const entry of list) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { user_id: userId, status, roles } = entry as Record<string, unknown>;
      if (typeof userId !== 'string' || userId === '' || userId.length > 512) continue;
      if (status !== undefined && status !== 'Active') continue;
      members.push({ userId, roles: Array.isArray(roles) ? roles : [] });
    }
    pages += 1;
    const next = nextLink(response.headers.get('link'));
    if (next !== null && URL.parse(next, url)?.origin !== origin) throw refuse('a next link leaves the membership service’s origin');
    url = next === null ? null : (URL.parse(next, url)?.toString() ?? null);
  }
  return { members: members.slice(0, MAX_ROSTER_MEMBERS), pages, truncated: url !== null || members.length > MAX_ROSTER_MEMBERS };
}
