import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectCaller, type SignedUp, startTestServer, type TestServer, waitForJob } from '../../testing/test-server.ts';
import { uploadFile } from '../../testing/upload-file.ts';
import { DOCX_MEDIA_TYPE } from './text-extraction.ts';

let t: TestServer;
let owner: SignedUp;
let other: SignedUp;
let smeId: string;
let site: Server;
let siteUrl: string;

/** A minimal Word document: one heading paragraph and two body paragraphs. */
function docx(heading: string, paragraphs: string[]): Uint8Array {
  const p = (text: string, style?: string) =>
    `<w:p>${style === undefined ? '' : `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>`}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
  const body = [p(heading, 'Heading1'), ...paragraphs.map((text) => p(text))].join('');
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(
      `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    ),
  });
}

const call = () => injectCaller(t, owner);

async function added(response: { statusCode: number; json: () => { jobId: string; documentId: string } }) {
  expect(response.statusCode).toBe(202);
  const { jobId, documentId } = response.json();
  return { documentId, job: await waitForJob(call(), jobId) };
}

const addText = (title: string, content: string, extra: object = {}) =>
  t
    .inject({
      method: 'POST',
      url: `/v1/smes/${smeId}/documents`,
      headers: owner.auth,
      payload: { title, mediaType: 'text/markdown', content, ...extra },
    })
    .then(added);

const library = async (query = '') => (await t.inject({ method: 'GET', url: `/v1/knowledge/documents${query}`, headers: owner.auth })).json();
const search = async (query: string) =>
  (await t.inject({ method: 'GET', url: `/v1/knowledge/search?${query}`, headers: owner.auth })).json().items as Array<{
    documentTitle: string;
    text: string;
  }>;

beforeAll(async () => {
  site = createServer((request, response) => {
    if (request.url === '/moved') return response.writeHead(302, { location: '/guide' }).end();
    if (request.url === '/guide')
      return response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          '<html><head><title>Forklift guide</title><script>var secret = "not text";</script></head><body><nav>Home</nav><h1>Forklift safety</h1><p>Sound the horn at blind corners &amp; doorways.</p></body></html>',
        );
    return response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  t = await startTestServer({ MIRAI_EGRESS_ALLOW: `127.0.0.1:${(site.address() as AddressInfo).port}` });
  owner = await t.signup('library@example.com');
  other = await t.signup('library-other@example.com');
  smeId = (
    await t.inject({ method: 'POST', url: '/v1/smes', headers: owner.auth, payload: { name: 'Dr. Okafor', expertise: 'Warehouse safety' } })
  ).json().id;
}, 180_000);
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => site.close(resolve));
});

describe('the knowledge library', () => {
  it('lists every document with its expert and tags, and filters by tag', async () => {
    const { documentId } = await addText('Racking', '# Racking\n\nInspect racking uprights weekly.', { tags: [' Safety ', 'racking', 'safety'] });
    await addText('Canteen', 'Lunch is served at noon.');
    const all = await library();
    expect(all.items).toContainEqual(expect.objectContaining({ id: documentId, smeName: 'Dr. Okafor', tags: ['safety', 'racking'], chunkCount: 1 }));
    expect(all.tags).toEqual(expect.arrayContaining(['racking', 'safety']));
    const tagged = await library('?tag=safety');
    expect(tagged.items.map((d: { title: string }) => d.title)).toEqual(['Racking']);
    const retagged = await t.inject({
      method: 'PATCH',
      url: `/v1/knowledge/documents/${documentId}`,
      headers: owner.auth,
      payload: { tags: ['Storage'] },
    });
    expect(retagged.json()).toMatchObject({ tags: ['storage'] });
    expect((await library('?tag=safety')).items).toEqual([]);
    expect((await search('q=uprights&tag=storage')).map((h) => h.documentTitle)).toEqual(['Racking']);
    expect(await search('q=uprights&tag=canteen')).toEqual([]);
  });

  it('tags courses too: the course list filters by tag, and the library offers course tags', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/v1/courses',
      headers: owner.auth,
      payload: { title: 'Induction', desiredOutcome: 'Settled in', tags: ['Onboarding'] },
    });
    expect(created.json()).toMatchObject({ tags: ['onboarding'] });
    await t.inject({ method: 'POST', url: '/v1/courses', headers: owner.auth, payload: { title: 'Untagged', desiredOutcome: 'x' } });
    const listed = (await t.inject({ method: 'GET', url: '/v1/courses?tag=ONBOARDING', headers: owner.auth })).json();
    expect(listed.items.map((c: { title: string }) => c.title)).toEqual(['Induction']);
    const patched = await t.inject({
      method: 'PATCH',
      url: `/v1/courses/${created.json().id}`,
      headers: owner.auth,
      payload: { tags: ['Induction '] },
    });
    expect(patched.json()).toMatchObject({ tags: ['induction'] });
    expect((await library()).tags).toContain('induction');
  });

  it('reads a DOCX upload, keeping its headings', async () => {
    const uploadId = await uploadFile(t, owner, {
      fileName: 'pallets.docx',
      contentType: DOCX_MEDIA_TYPE,
      bytes: docx('Pallet jacks', ['Lower the forks before you leave a pallet jack.', 'Never ride on a pallet jack.']),
    });
    const { documentId, job } = await added(
      await t.inject({ method: 'POST', url: `/v1/smes/${smeId}/documents`, headers: owner.auth, payload: { title: 'Pallets', uploadId } }),
    );
    expect(job.status).toBe('completed');
    const preview = (await t.inject({ method: 'GET', url: `/v1/knowledge/documents/${documentId}`, headers: owner.auth })).json();
    expect(preview.document.mediaType).toBe(DOCX_MEDIA_TYPE);
    expect(preview.chunks[0]).toMatchObject({ heading: 'Pallet jacks' });
    expect(preview.chunks[0].text).toContain('Never ride on a pallet jack.');
  });

  it('fetches a web page through the egress guard, following a redirect, and refuses an address it does not allow', async () => {
    const { documentId, job } = await added(
      await t.inject({
        method: 'POST',
        url: `/v1/smes/${smeId}/documents`,
        headers: owner.auth,
        payload: { title: 'Forklifts', url: `${siteUrl}/moved` },
      }),
    );
    expect(job.status).toBe('completed');
    const preview = (await t.inject({ method: 'GET', url: `/v1/knowledge/documents/${documentId}`, headers: owner.auth })).json();
    expect(preview.document).toMatchObject({ mediaType: 'text/html', sourceUrl: `${siteUrl}/guide` });
    expect(preview.chunks[0]).toMatchObject({ heading: 'Forklift safety' });
    expect(preview.chunks[0].text).toContain('blind corners & doorways');
    expect(JSON.stringify(preview.chunks)).not.toContain('secret');

    const refused = await added(
      await t.inject({
        method: 'POST',
        url: `/v1/smes/${smeId}/documents`,
        headers: owner.auth,
        payload: { title: 'Local', url: 'http://127.0.0.2:9/x' },
      }),
    );
    expect(refused.job.status).toBe('failed');
    expect(refused.job.error).toMatch(/^MIRAI_ERR_DOCUMENT_FETCH_FAILED: /);
  });

  it("indexes a document in its language's configuration, and in simple where PostgreSQL has none", async () => {
    const german = await addText('Lager', '# Lagerung\n\nDie Häuser der Lagerarbeiter stehen am Hafen.', { language: 'de' });
    expect(german.job.status).toBe('completed');
    // The chunk is stemmed in German ("Häuser" is indexed as "haus"), so "Haus" finds it in the document's own configuration.
    expect((await search('q=Haus')).map((h) => h.documentTitle)).toContain('Lager');
    // A course language's configuration reads the query: German stems "Häuser" to "haus", English does not.
    expect((await search(`q=${encodeURIComponent('Häuser')}&language=de`)).map((h) => h.documentTitle)).toContain('Lager');
    expect((await search(`q=${encodeURIComponent('Häuser')}&language=en`)).map((h) => h.documentTitle)).not.toContain('Lager');
    const polish = await addText('Magazyn', 'Wózki widłowe muszą mieć sprawne hamulce.', { language: 'pl' });
    expect(polish.job.status).toBe('completed');
    const configs = await t.server.orm.em
      .fork()
      .execute<{ config: string }[]>('select ts_config::text as config from sme_chunk where document_id in (?, ?) order by config', [
        german.documentId,
        polish.documentId,
      ]);
    expect(configs.map((row) => row.config)).toEqual(['german', 'simple']);
    expect((await search('q=hamulce')).map((h) => h.documentTitle)).toEqual(['Magazyn']);
  });

  it('previews the chunks with the lesson versions citing them, replaces a document in place, and deletes it', async () => {
    const { documentId } = await addText('Ladders', '# Ladders\n\nFace the ladder and keep three points of contact.', { tags: ['heights'] });
    const preview = (await t.inject({ method: 'GET', url: `/v1/knowledge/documents/${documentId}`, headers: owner.auth })).json();
    const chunkId = preview.chunks[0].id as string;
    expect(preview.citations).toEqual([]);
    // Fixture shortcut: a generated lesson version grounded on the chunk, as the lesson job records it.
    const courseId = (
      await t.inject({ method: 'POST', url: '/v1/courses', headers: owner.auth, payload: { title: 'Working at height', desiredOutcome: 'Safe' } })
    ).json().id as string;
    const em = t.server.orm.em.fork();
    const moduleId = randomUUID();
    const lessonId = randomUUID();
    await em.execute('insert into course_module (id, tenant_id, course_id, position, title) values (?, ?, ?, 0, ?)', [
      moduleId,
      owner.tenantId,
      courseId,
      'Ladders',
    ]);
    await em.execute(
      `insert into lesson (id, tenant_id, course_id, module_id, position, title, objectives, status, current_version, updated_at)
       values (?, ?, ?, ?, 0, 'Using a ladder', '[]', 'ready', 2, now())`,
      [lessonId, owner.tenantId, courseId, moduleId],
    );
    for (const version of [1, 2])
      await em.execute(
        `insert into lesson_version (id, tenant_id, lesson_id, version, blocks, provenance, created_at) values (?, ?, ?, ?, '[]', ?, now())`,
        [randomUUID(), owner.tenantId, lessonId, version, JSON.stringify({ source: 'generated', sourceChunkIds: [randomUUID(), chunkId] })],
      );

    const cited = (await t.inject({ method: 'GET', url: `/v1/knowledge/documents/${documentId}`, headers: owner.auth })).json();
    expect(cited.citations).toEqual([
      expect.objectContaining({
        courseId,
        courseTitle: 'Working at height',
        lessonTitle: 'Using a ladder',
        version: 2,
        current: true,
        chunkIds: [chunkId],
      }),
      expect.objectContaining({ version: 1, current: false }),
    ]);
    expect(cited.chunks[0].citedBy).toHaveLength(2);
    expect((await library()).items.find((d: { id: string }) => d.id === documentId).citingVersionCount).toBe(2);

    const uploadId = await uploadFile(t, owner, {
      fileName: 'ladders.md',
      contentType: 'text/markdown',
      bytes: new TextEncoder().encode('# Ladders\n\nUse a stepladder indoors.'),
    });
    const replaced = await added(
      await t.inject({ method: 'POST', url: `/v1/knowledge/documents/${documentId}/replace`, headers: owner.auth, payload: { uploadId } }),
    );
    expect(replaced).toMatchObject({ documentId, job: { status: 'completed' } });
    const after = (await t.inject({ method: 'GET', url: `/v1/knowledge/documents/${documentId}`, headers: owner.auth })).json();
    expect(after.document).toMatchObject({ title: 'Ladders', tags: ['heights'] });
    expect(after.chunks.map((c: { text: string }) => c.text)).toEqual(['Use a stepladder indoors.']);
    expect((await search('q=stepladder')).map((h) => h.documentTitle)).toEqual(['Ladders']);
    expect(await search('q=contact')).toEqual([]);

    expect((await t.inject({ method: 'GET', url: `/v1/knowledge/documents/${documentId}`, headers: other.auth })).statusCode).toBe(404);
    expect((await t.inject({ method: 'DELETE', url: `/v1/knowledge/documents/${documentId}`, headers: other.auth })).statusCode).toBe(404);
    expect((await t.inject({ method: 'DELETE', url: `/v1/knowledge/documents/${documentId}`, headers: owner.auth })).statusCode).toBe(204);
    expect((await library()).items.map((d: { id: string }) => d.id)).not.toContain(documentId);
  });

  it('refuses a replacement naming neither an upload nor a URL, and a URL that is not http(s)', async () => {
    const [first] = (await library()).items as Array<{ id: string }>;
    const empty = await t.inject({ method: 'POST', url: `/v1/knowledge/documents/${first?.id}/replace`, headers: owner.auth, payload: {} });
    expect(empty.statusCode).toBe(400);
    const ftp = await t.inject({
      method: 'POST',
      url: `/v1/smes/${smeId}/documents`,
      headers: owner.auth,
      payload: { title: 'x', url: 'ftp://example.com/a' },
    });
    expect(ftp.statusCode).toBe(400);
    expect(JSON.stringify(ftp.json())).toContain('/body/url');
  });
});
