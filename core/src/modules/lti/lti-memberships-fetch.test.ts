import { describe, expect, it } from 'vitest';
import { fetchRoster, MAX_ROSTER_PAGES, nextLink } from './lti-memberships-fetch.ts';

const page = (members: unknown[], link?: string) =>
  new Response(JSON.stringify({ id: 'x', context: { id: 'c' }, members }), {
    headers: { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json', ...(link === undefined ? {} : { link }) },
  });

describe('NRPS roster reading', () => {
  it('finds rel="next" among other links', () => {
    expect(nextLink('<https://p.example/m?p=1>; rel="first", <https://p.example/m?p=3>; rel="next"')).toBe('https://p.example/m?p=3');
    expect(nextLink('<https://p.example/m?p=2>; rel="prev next"')).toBe('https://p.example/m?p=2');
    expect(nextLink('<https://p.example/m?p=1>; rel="nextish"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });

  it('keeps active members only and stops after the page bound, saying so', async () => {
    const requests: string[] = [];
    const endless: typeof fetch = async (input) => {
      requests.push(String(input));
      return page(
        [{ user_id: `u${requests.length}`, roles: [] }, { user_id: 'gone', status: 'Deleted', roles: [] }, { user_id: 42 }],
        `<https://p.example/m?page=${requests.length + 1}>; rel="next"`,
      );
    };
    const roster = await fetchRoster(endless, 'https://p.example/m', 'token');
    expect(requests).toHaveLength(MAX_ROSTER_PAGES);
    expect(roster).toMatchObject({ pages: MAX_ROSTER_PAGES, truncated: true });
    expect(roster.members.map((member) => member.userId)).toEqual(requests.map((_, index) => `u${index + 1}`));
  });

  it('refuses an answer that is not a membership container', async () => {
    const broken: typeof fetch = async () => new Response('<html>', { status: 200 });
    await expect(fetchRoster(broken, 'https://p.example/m', 'token')).rejects.toMatchObject({ code: 'MIRAI_ERR_LTI_ROSTER_SYNC_FAILED' });
  });
});
