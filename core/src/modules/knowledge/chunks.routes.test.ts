import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectCaller, type SignedUp, startTestServer, type TestServer, waitForJob } from '../../testing/test-server.ts';

let t: TestServer;
let owner: SignedUp;
let other: SignedUp;
let chunkIds: string[];

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('chunks@example.com');
  other = await t.signup('chunks-other@example.com');
  const smeId = (
    await t.inject({ method: 'POST', url: '/v1/smes', headers: owner.auth, payload: { name: 'Dr. Lee', expertise: 'Ergonomics' } })
  ).json().id;
  const content = '# Lifting\n\nBend the knees, not the back.\n\n# Carrying\n\nKeep the load close to the waist.';
  const { jobId } = (
    await t.inject({
      method: 'POST',
      url: `/v1/smes/${smeId}/documents`,
      headers: owner.auth,
      payload: { title: 'Guide', mediaType: 'text/markdown', content },
    })
  ).json();
  await waitForJob(injectCaller(t, owner), jobId);
  const hits = (await t.inject({ method: 'GET', url: `/v1/smes/${smeId}/search?q=knees%20load`, headers: owner.auth })).json().items as Array<{
    id: string;
  }>;
  chunkIds = hits.map((hit) => hit.id);
});
afterAll(() => t.close());

describe('GET /v1/chunks', () => {
  it('returns source passages by id, in the order asked, with their expert and document', async () => {
    expect(chunkIds).toHaveLength(2);
    const reversed = [...chunkIds].reverse();
    const response = await t.inject({ method: 'GET', url: `/v1/chunks?ids=${reversed.join(',')}`, headers: owner.auth });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as Array<{ id: string; smeName: string; documentTitle: string; text: string }>;
    expect(items.map((item) => item.id)).toEqual(reversed);
    expect(items[0]).toMatchObject({ smeName: 'Dr. Lee', documentTitle: 'Guide' });
    expect(items.map((item) => item.text).join(' ')).toContain('Bend the knees');
  });

  it("leaves out another organisation's passages and unknown ids", async () => {
    const response = await t.inject({ method: 'GET', url: `/v1/chunks?ids=${chunkIds.join(',')},${randomUUID()}`, headers: other.auth });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([]);
  });

  it('rejects a malformed id list, naming the field', async () => {
    const response = await t.inject({ method: 'GET', url: '/v1/chunks?ids=not-an-id', headers: owner.auth });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('ids');
  });
});
