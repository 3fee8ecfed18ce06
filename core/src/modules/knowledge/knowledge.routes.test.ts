import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../../testing/minimal-pdf.ts';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;
let owner: SignedUp;
let other: SignedUp;
let smeId: string;

const HANDLING = `# Manual handling

Manual handling means any transporting or supporting of a load by hand or bodily force.

## Lifting technique

Keep the load close to the waist. A neutral spine is the natural curve of the back, kept while lifting.
Bend the knees rather than the back.`;

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('knowledge@example.com');
  other = await t.signup('knowledge-other@example.com');
  smeId = (
    await t.inject({ method: 'POST', url: '/v1/smes', headers: owner.auth, payload: { name: 'Dr. Lee', expertise: 'Occupational health' } })
  ).json().id;
});
afterAll(() => t.close());

describe('SMEs and their documents', () => {
  it('stores a Markdown document, chunks it under its headings and finds it by full-text search', async () => {
    const upload = await t.inject({
      method: 'POST',
      url: `/v1/smes/${smeId}/documents`,
      headers: owner.auth,
      payload: { title: 'Handling guide', mediaType: 'text/markdown', content: HANDLING },
    });
    expect(upload.statusCode).toBe(201);
    expect(upload.json()).toMatchObject({ title: 'Handling guide', chunkCount: 2 });
    const hits = (await t.inject({ method: 'GET', url: `/v1/smes/${smeId}/search?q=knees%20lifting`, headers: owner.auth })).json().items;
    expect(hits[0]).toMatchObject({ smeName: 'Dr. Lee', documentTitle: 'Handling guide' });
    expect(hits[0].text).toContain('Bend the knees');
  });

  it('extracts the text of a PDF', async () => {
    const pdf = Buffer.from(minimalPdf(['Ergonomics is the fit between people and their work.'])).toString('base64');
    const upload = await t.inject({
      method: 'POST',
      url: `/v1/smes/${smeId}/documents`,
      headers: owner.auth,
      payload: { title: 'Ergonomics', mediaType: 'application/pdf', contentBase64: pdf },
    });
    expect(upload.statusCode).toBe(201);
    const hits = (await t.inject({ method: 'GET', url: `/v1/smes/${smeId}/search?q=ergonomics`, headers: owner.auth })).json().items;
    expect(hits.map((h: { documentTitle: string }) => h.documentTitle)).toContain('Ergonomics');
  });

  it('rejects an unreadable PDF and a missing body, naming the field', async () => {
    const broken = await t.inject({
      method: 'POST',
      url: `/v1/smes/${smeId}/documents`,
      headers: owner.auth,
      payload: { title: 'x', mediaType: 'application/pdf', contentBase64: 'bm90IGEgcGRm' },
    });
    expect(broken.json()).toMatchObject({ code: 'MIRAI_ERR_REQUEST_VALIDATION', errors: [{ field: '/body/contentBase64' }] });
    const missing = await t.inject({
      method: 'POST',
      url: `/v1/smes/${smeId}/documents`,
      headers: owner.auth,
      payload: { title: 'x', mediaType: 'text/plain' },
    });
    expect(missing.json().errors[0].field).toBe('/body/content');
  });

  it("keeps another tenant out of an SME's documents and search", async () => {
    expect((await t.inject({ method: 'GET', url: `/v1/smes/${smeId}/documents`, headers: other.auth })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: `/v1/smes/${smeId}/search?q=knees`, headers: other.auth })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: '/v1/smes', headers: other.auth })).json().items).toEqual([]);
  });
});

describe('audiences and course selections', () => {
  it('creates a persona and lets a course select it and the SME, refusing ids of another tenant', async () => {
    const audience = await t.inject({
      method: 'POST',
      url: '/v1/audiences',
      headers: owner.auth,
      payload: { name: 'New warehouse staff', role: 'Picker', level: 'beginner', priorKnowledge: 'None', goals: 'Work safely from day one' },
    });
    expect(audience.statusCode).toBe(201);
    const course = await t.inject({
      method: 'POST',
      url: '/v1/courses',
      headers: owner.auth,
      payload: { title: 'Safe lifting', smeIds: [smeId], audienceIds: [audience.json().id] },
    });
    expect(course.json()).toMatchObject({ smeIds: [smeId], audienceIds: [audience.json().id] });
    const foreign = await t.inject({ method: 'POST', url: '/v1/courses', headers: other.auth, payload: { title: 'Stolen', smeIds: [smeId] } });
    expect(foreign.json()).toMatchObject({ code: 'MIRAI_ERR_REQUEST_VALIDATION', errors: [{ field: '/body/smeIds/0' }] });
  });
});
