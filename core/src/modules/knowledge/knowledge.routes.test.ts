import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../../testing/minimal-pdf.ts';
import { injectCaller, type SignedUp, startTestServer, type TestServer, waitForJob } from '../../testing/test-server.ts';
import { uploadFile } from '../../testing/upload-file.ts';

let t: TestServer;
let owner: SignedUp;
let other: SignedUp;
let smeId: string;

const HANDLING = `# Manual handling

Manual handling means any transporting or supporting of a load by hand or bodily force.

## Lifting technique

Keep the load close to the waist. A neutral spine is the natural curve of the back, kept while lifting.
Bend the knees rather than the back.`;

/** Registers an upload as a document of the SME and waits for its extraction job. */
async function addDocument(user: SignedUp, title: string, uploadId: string) {
  const registered = await t.inject({ method: 'POST', url: `/v1/smes/${smeId}/documents`, headers: user.auth, payload: { title, uploadId } });
  expect(registered.statusCode).toBe(202);
  const { jobId, documentId } = registered.json<{ jobId: string; documentId: string }>();
  return { documentId, job: await waitForJob(injectCaller(t, user), jobId) };
}

const search = async (q: string) =>
  (await t.inject({ method: 'GET', url: `/v1/smes/${smeId}/search?q=${encodeURIComponent(q)}`, headers: owner.auth })).json().items as Array<{
    documentTitle: string;
    text: string;
    smeName: string;
  }>;

beforeAll(async () => {
  t = await startTestServer({ MIRAI_DOCUMENT_MAX_PAGES: '20', MIRAI_DOCUMENT_MAX_BYTES: '65536' });
  owner = await t.signup('knowledge@example.com');
  other = await t.signup('knowledge-other@example.com');
  smeId = (
    await t.inject({ method: 'POST', url: '/v1/smes', headers: owner.auth, payload: { name: 'Dr. Lee', expertise: 'Occupational health' } })
  ).json().id;
}, 180_000);
afterAll(() => t.close());

describe('SME documents through presigned storage and an extraction job', () => {
  it('indexes an uploaded Markdown file under its headings, found by full-text search', async () => {
    const uploadId = await uploadFile(t, owner, { fileName: 'handling.md', contentType: 'text/markdown', bytes: new TextEncoder().encode(HANDLING) });
    const { documentId, job } = await addDocument(owner, 'Handling guide', uploadId);
    expect(job).toMatchObject({ status: 'completed' });
    const documents = (await t.inject({ method: 'GET', url: `/v1/smes/${smeId}/documents`, headers: owner.auth })).json().items;
    expect(documents).toContainEqual(expect.objectContaining({ id: documentId, title: 'Handling guide', mediaType: 'text/markdown' }));
    const hits = await search('knees lifting');
    expect(hits[0]).toMatchObject({ smeName: 'Dr. Lee', documentTitle: 'Handling guide' });
    expect(hits[0]?.text).toContain('Bend the knees');
  });

  it('extracts the text of an uploaded PDF', async () => {
    const pdf = minimalPdf(['Ergonomics is the fit between people and their work.'], 3);
    const { job } = await addDocument(
      owner,
      'Ergonomics',
      await uploadFile(t, owner, { fileName: 'e.pdf', contentType: 'application/pdf', bytes: pdf }),
    );
    expect(job.status).toBe('completed');
    expect((await search('ergonomics')).map((h) => h.documentTitle)).toContain('Ergonomics');
  });

  it('keeps the JSON route bounded and running through the same job', async () => {
    const accepted = await t.inject({
      method: 'POST',
      url: `/v1/smes/${smeId}/documents`,
      headers: owner.auth,
      payload: { title: 'Posture notes', mediaType: 'text/plain', content: 'Posture matters when carrying crates.' },
    });
    expect(accepted.statusCode).toBe(202);
    expect((await waitForJob(injectCaller(t, owner), accepted.json().jobId)).status).toBe('completed');
    expect((await search('posture crates')).map((h) => h.documentTitle)).toContain('Posture notes');

    const tooLarge = await t.inject({
      method: 'POST',
      url: `/v1/smes/${smeId}/documents`,
      headers: owner.auth,
      payload: { title: 'Huge', mediaType: 'text/plain', content: 'crates '.repeat(10_000) },
    });
    expect(tooLarge.statusCode).toBe(422);
    expect(tooLarge.json()).toMatchObject({ code: 'MIRAI_ERR_DOCUMENT_LIMIT_EXCEEDED', limit: 'bytes', errors: [{ field: '/body/content' }] });
  });

  it('takes PDFs through uploads only: no request body carries a file to parse', async () => {
    const post = (payload: object) => t.inject({ method: 'POST', url: `/v1/smes/${smeId}/documents`, headers: owner.auth, payload });
    const inline = await post({ title: 'Inline', mediaType: 'application/pdf', contentBase64: Buffer.from(minimalPdf(['Hi.'])).toString('base64') });
    expect(inline.statusCode).toBe(400);
    expect(JSON.stringify(inline.json())).toContain('contentBase64');
    const noUpload = await post({ title: 'Inline', mediaType: 'application/pdf', content: '%PDF-1.4' });
    expect(noUpload.statusCode).toBe(400);
    expect(noUpload.json()).toMatchObject({ errors: [{ field: '/body/uploadId' }] });
  });

  it('fails the job with a coded error naming the page limit, and on an unreadable PDF', async () => {
    const long = minimalPdf(['One page of many.'], 25);
    const paged = await addDocument(owner, 'Long', await uploadFile(t, owner, { fileName: 'long.pdf', contentType: 'application/pdf', bytes: long }));
    expect(paged.job.status).toBe('failed');
    expect(paged.job.error).toMatch(/^MIRAI_ERR_DOCUMENT_LIMIT_EXCEEDED: .*25 pages.*MIRAI_DOCUMENT_MAX_PAGES/);
    const garbage = new TextEncoder().encode('not a pdf at all');
    const broken = await addDocument(
      owner,
      'Broken',
      await uploadFile(t, owner, { fileName: 'b.pdf', contentType: 'application/pdf', bytes: garbage }),
    );
    expect(broken.job.error).toMatch(/^MIRAI_ERR_DOCUMENT_UNREADABLE: /);
    const documents = (await t.inject({ method: 'GET', url: `/v1/smes/${smeId}/documents`, headers: owner.auth })).json().items;
    expect(documents.map((d: { title: string }) => d.title)).not.toContain('Long');
  });

  it('refuses, naming the field, an upload that is too large, incomplete, of another tenant or not a document', async () => {
    const register = (user: SignedUp, uploadId: string) =>
      t.inject({ method: 'POST', url: `/v1/smes/${smeId}/documents`, headers: user.auth, payload: { title: 'x', uploadId } });
    const big = await uploadFile(t, owner, { fileName: 'big.txt', contentType: 'text/plain', bytes: new Uint8Array(70_000).fill(65) });
    expect((await register(owner, big)).json()).toMatchObject({ code: 'MIRAI_ERR_DOCUMENT_LIMIT_EXCEEDED', errors: [{ field: '/body/uploadId' }] });
    const pending = (
      await t.inject({
        method: 'POST',
        url: '/v1/uploads',
        headers: owner.auth,
        payload: { fileName: 'p.md', contentType: 'text/markdown', size: 10 },
      })
    ).json().upload.id;
    expect((await register(owner, pending)).json()).toMatchObject({ code: 'MIRAI_ERR_UPLOAD_INCOMPLETE', errors: [{ field: '/body/uploadId' }] });
    const png = await uploadFile(t, owner, { fileName: 'x.png', contentType: 'image/png', bytes: new Uint8Array([137, 80, 78, 71]) });
    expect((await register(owner, png)).json().errors[0].field).toBe('/body/uploadId');
    const foreign = await uploadFile(t, other, { fileName: 'f.md', contentType: 'text/markdown', bytes: new TextEncoder().encode('# Secret') });
    expect((await register(owner, foreign)).json()).toMatchObject({ code: 'MIRAI_ERR_REQUEST_VALIDATION', errors: [{ field: '/body/uploadId' }] });
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
    const uploadId = await uploadFile(t, other, { fileName: 'o.md', contentType: 'text/markdown', bytes: new TextEncoder().encode('# Mine') });
    const foreignSme = await t.inject({ method: 'POST', url: `/v1/smes/${smeId}/documents`, headers: other.auth, payload: { title: 'x', uploadId } });
    expect(foreignSme.statusCode).toBe(404);
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
