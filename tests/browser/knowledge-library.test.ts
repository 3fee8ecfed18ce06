import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { freePort } from '../support/free-port.ts';
import { courseWithOutline, signUp, waitForJob } from '../support/generation-client.ts';
import { DESKTOP, phoneContextLike, screenshotBothWidths } from './journeys/admin-steps.ts';
import { signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';

// A web page the author adds by address; the API reaches it only because the operator allows it (MIRAI_EGRESS_ALLOW).
let site: Server;
const sitePort = await freePort();
const siteUrl = `http://127.0.0.1:${sitePort}`;

beforeAll(async () => {
  site = createServer((request, response) => {
    if (request.url !== '/forklifts') return response.writeHead(404).end();
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<html><head><title>Forklifts</title></head><body><h1>Forklift safety</h1><p>Sound the horn at blind corners.</p></body></html>');
  });
  await new Promise<void>((resolve) => site.listen(sitePort, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => site.close(resolve)));

describe('the knowledge library in the app', () => {
  const stack = useBrowserStack('knowledge-library', { apiEnv: { MIRAI_EGRESS_ALLOW: `127.0.0.1:${sitePort}` } });

  it('an author adds a file and a web page, filters by tag, searches, previews what cites a document, replaces and deletes one', async () => {
    const { app, api, browser, contexts } = stack.get();
    const stamp = Date.now();
    const owner = await signUp(api.url, `library-owner-${stamp}@example.org`);
    // A course generated from the owner's expert: its lesson versions cite passages of "Manual handling guide".
    const courseId = await courseWithOutline(owner, 1, 1);
    const { jobId } = (await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons` })).body as { jobId: string };
    expect((await waitForJob(owner, jobId)).status).toBe('completed');
    const authorEmail = `library-author-${stamp}@example.org`;
    const { token } = (
      await owner.call({ method: 'POST', url: '/v1/invitations', payload: { email: authorEmail, role: 'author', delivery: 'link' } })
    ).body as { token: string };
    const joined = await fetch(`${api.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: authorEmail, password: PASSWORD, invitationToken: token }),
    });
    expect(joined.status).toBe(201);

    const desktop = await browser.newContext({ viewport: DESKTOP });
    contexts.push(desktop);
    const page = await desktop.newPage();
    await signInThroughForm(page, app.url, { email: authorEmail, password: PASSWORD });
    await page.getByRole('link', { name: 'Knowledge library' }).click();
    await page.getByRole('heading', { level: 1, name: 'Knowledge library' }).waitFor();
    const table = page.getByTestId('library-documents');
    const row = (title: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: title }) });
    await expect(row('Manual handling guide').getByRole('cell').last().textContent()).resolves.toMatch(/^[1-9]\d* lesson versions?$/);
    await expectAccessible(page, 'knowledge library');

    // A Markdown file, straight to storage by presigned URL, then read by a job.
    const status = page.getByTestId('source-status');
    await page.getByLabel('Title').fill('Forklift rules');
    await page.getByLabel('Tags (comma-separated)').fill('Warehouse, safety');
    await page.getByLabel('File (PDF, DOCX, Markdown, text)').setInputFiles({
      name: 'forklift.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Speed\n\nKeep forklifts below walking pace in aisles.'),
    });
    await page.getByRole('button', { name: 'Add document' }).click();
    await expect(status.filter({ hasText: 'Added: the document is read and searchable.' }).waitFor()).resolves.toBeUndefined();
    await row('Forklift rules').waitFor();
    await expect(row('Forklift rules').textContent()).resolves.toMatch(/warehouse.*safety/);

    // A web page by address, fetched through the egress guard.
    await page.getByLabel('Title').fill('Forklift guide');
    await page.getByLabel('Or the address of a web page').fill(`${siteUrl}/forklifts`);
    await page.getByRole('button', { name: 'Add document' }).click();
    await status.filter({ hasText: 'Added: the document is read and searchable.' }).waitFor();
    await row('Forklift guide').waitFor();
    await expect(row('Forklift guide').textContent()).resolves.toContain('Web page');

    // Filter by tag, then search the tagged documents and the whole library.
    await page.getByLabel('Tag', { exact: true }).selectOption('warehouse');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/tag=warehouse/);
    await expect(table.getByRole('rowheader').allTextContents()).resolves.toEqual(['Forklift rules']);
    await page.getByLabel('Tag', { exact: true }).selectOption('');
    await page.getByLabel('Search the documents').fill('horn corners');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hits = page.getByTestId('search-hits');
    await hits.waitFor();
    await expect(hits.getByRole('link').first().textContent()).resolves.toBe('Forklift guide');
    await expectAccessible(page, 'knowledge library search');
    const phone = await phoneContextLike(browser, desktop);
    contexts.push(phone);
    const phonePage = await phone.newPage();
    await screenshotBothWidths(page, phonePage, 'knowledge-library');

    // The cited document: its passages and the lesson versions citing them; deleting it shows them first.
    await page.goto(`${app.url}/knowledge`);
    await page.getByRole('link', { name: 'Manual handling guide' }).click();
    await page.getByRole('heading', { level: 2, name: 'Cited by' }).waitFor();
    await expect(page.getByTestId('citations').textContent()).resolves.toContain('Safe manual handling:');
    await expect(page.getByTestId('document-chunks').getByRole('link').count()).resolves.toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Delete…' }).click();
    const confirm = page.getByRole('region', { name: /Delete “Manual handling guide”\?/ });
    await confirm.waitFor();
    await expect(confirm.getByTestId('citations').getByRole('link').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page, 'document with citations, delete asked');
    await screenshotBothWidths(page, phonePage, 'knowledge-document');
    await confirm.getByRole('link', { name: 'Keep it' }).click();
    await page.waitForURL((url) => !url.search.includes('confirm'));

    // Replace the uncited file: same document, new passages.
    await page.goto(`${app.url}/knowledge`);
    await page.getByRole('link', { name: 'Forklift rules' }).click();
    await page.getByRole('heading', { level: 2, name: 'Replace or delete' }).waitFor();
    await page
      .getByLabel('File (PDF, DOCX, Markdown, text)')
      .setInputFiles({ name: 'forklift-v2.md', mimeType: 'text/markdown', buffer: Buffer.from('# Speed\n\nNever exceed 10 km/h indoors.') });
    await page.getByRole('button', { name: 'Replace document' }).click();
    await page.getByTestId('source-status').filter({ hasText: 'Replaced: the new text is read and searchable.' }).waitFor();
    await page.getByTestId('document-chunks').filter({ hasText: 'Never exceed 10 km/h indoors.' }).waitFor();
    await expect(page.getByTestId('document-chunks').textContent()).resolves.not.toContain('walking pace');

    // Tags, then deletion (nothing cites it).
    await page.getByLabel('Tags (comma-separated)').fill('vehicles');
    await page.getByRole('button', { name: 'Save tags' }).click();
    await page.getByRole('status').filter({ hasText: 'Tags saved.' }).waitFor();
    await page.getByRole('link', { name: 'Delete…' }).click();
    await page.getByText('No lesson version cites it.').waitFor();
    await page.getByRole('button', { name: 'Delete the document' }).click();
    await page.waitForURL(`${app.url}/knowledge`);
    await page.getByRole('heading', { level: 1, name: 'Knowledge library' }).waitFor();
    await expect(table.getByRole('rowheader').allTextContents()).resolves.not.toContain('Forklift rules');
  });
});
