import { createServer, type Server } from 'node:http';
import { type SignedUp, startTestServer, type TestServer } from '@mirai/core/testing';
import ltijs, { type IdToken } from 'ltijs';
import Database from 'ltijs-sequelize';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieBrowser, formOf } from '../support/cookie-browser.ts';
import { freePort } from '../support/free-port.ts';

// Mirai as an LTI 1.3 platform launching a tool built with ltijs 5.9 (a third-party LTI library,
// storing in PostgreSQL through ltijs-sequelize): registration, Deep Linking into an external-tool
// block, the learner's launch, and the tool's AGS score landing in Mirai's gradebook.

const serverMode = (process.env.MIRAI_TEST_DATABASE_URL ?? '') !== '';
const lti = ltijs.Provider;
const QUIZ_URL_PATH = '/launch?quiz=3';

let t: TestServer;
let owner: SignedUp;
let learner: SignedUp;
let mirai: string;
let toolServer: Server;
let toolBase: string;
let ltijsDatabase: string;
let tool: {
  id: string;
  clientId: string;
  deploymentId: string;
  platform: { issuer: string; authorizationUrl: string; tokenUrl: string; jwksUrl: string };
};
const launches: IdToken[] = [];

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.MIRAI_TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The tool ltijs serves: a launch shows what it received, `/grade` sends a score, deep linking offers quiz 3. */
async function startTool(): Promise<void> {
  ltijsDatabase = `ltijs_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await admin(`create database ${ltijsDatabase}`);
  const server = new URL(String(process.env.MIRAI_TEST_DATABASE_URL));
  const database = new Database(ltijsDatabase, decodeURIComponent(server.username), decodeURIComponent(server.password), {
    host: server.hostname,
    port: Number(server.port || 5432),
    dialect: 'postgres',
    logging: false,
  });
  lti.setup(
    'ltijs-test-encryption-key',
    { plugin: database },
    { appRoute: '/launch', loginRoute: '/login', keysetRoute: '/keys', cookies: { secure: false, sameSite: '' }, tokenMaxAge: 60 },
  );
  lti.onConnect((token, _req, res) => {
    launches.push(token);
    return res.json({ user: token.user, custom: token.platformContext.custom ?? {}, ltik: res.locals.token === undefined ? null : 'present' });
  });
  lti.onDeepLinking(async (token, _req, res) => {
    const item = { type: 'ltiResourceLink', title: 'Chapter 3 quiz', url: `${toolBase}${QUIZ_URL_PATH}`, custom: { quiz: '3' } };
    return res.send(await lti.DeepLinking.createDeepLinkingForm(token, [item], { message: 'Quiz 3 chosen' }));
  });
  lti.app.post('/grade', async (req, res) => {
    const token = res.locals.token;
    const lineItem = token.platformContext.endpoint?.lineitem;
    if (lineItem === undefined) return res.status(400).json({ error: 'no AGS line item in the launch' });
    const given = Number(req.body.score);
    await lti.Grade.submitScore(token, lineItem, {
      scoreGiven: given,
      scoreMaximum: 10,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    return res.json({ sent: given });
  });
  await lti.deploy({ serverless: true, silent: true });
  toolServer = createServer(lti.app);
  await new Promise<void>((resolve) => toolServer.listen(0, '127.0.0.1', resolve));
  const address = toolServer.address();
  if (address === null || typeof address === 'string') throw new Error('tool server has no port');
  toolBase = `http://127.0.0.1:${address.port}`;
}

/** Plays the learner's or author's browser from Mirai's login initiation URL to the tool's answer. */
async function launchThrough(browser: CookieBrowser, loginUrl: string): Promise<{ authUrl: string; url: string; response: Response }> {
  const toAuth = await browser.request(loginUrl);
  expect(toAuth.status, await toAuth.clone().text()).toBe(302);
  const authUrl = String(toAuth.headers.get('location'));
  expect(authUrl.startsWith(tool.platform.authorizationUrl)).toBe(true);
  const authPage = await browser.request(authUrl);
  expect(authPage.status, await authPage.clone().text()).toBe(200);
  const form = formOf(await authPage.text());
  expect(form.action.startsWith(toolBase)).toBe(true);
  return { authUrl, ...(await browser.follow(form.action, { form: form.fields })) };
}

describe.skipIf(!serverMode)('server mode: Mirai as an LTI platform for an ltijs tool (ltijs-sequelize stores in PostgreSQL)', () => {
  let courseId: string;
  let lessonId: string;

  beforeAll(async () => {
    const port = await freePort();
    mirai = `http://127.0.0.1:${port}`;
    t = await startTestServer({ MIRAI_PUBLIC_URL: mirai, MIRAI_EGRESS_ALLOW: '127.0.0.1' });
    await t.server.app.listen({ port, host: '127.0.0.1' });
    owner = await t.signup('owner@ltijs-platform.example');
    await startTool();
    const registered = await t.inject({
      method: 'POST',
      url: '/v1/lti/tools',
      headers: owner.auth,
      payload: {
        name: 'ltijs quiz tool',
        loginUrl: `${toolBase}/login`,
        launchUrl: `${toolBase}/launch`,
        jwksUrl: `${toolBase}/keys`,
        deepLinkingUrl: `${toolBase}/launch`,
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    tool = registered.json();
    await lti.registerPlatform({
      url: tool.platform.issuer,
      name: 'Mirai',
      clientId: tool.clientId,
      authenticationEndpoint: tool.platform.authorizationUrl,
      accesstokenEndpoint: tool.platform.tokenUrl,
      authConfig: { method: 'JWK_SET', key: tool.platform.jwksUrl },
    });
    courseId = (await t.inject({ method: 'POST', url: '/v1/courses', headers: owner.auth, payload: { title: 'Forklift theory' } })).json().id;
    const outline = await t.inject({
      method: 'PUT',
      url: `/v1/courses/${courseId}/outline`,
      headers: owner.auth,
      payload: { modules: [{ title: 'Checks', lessons: [{ title: 'Daily checks', objectives: [] }] }] },
    });
    lessonId = outline.json().modules[0].lessons[0].id;
    const saved = await t.inject({
      method: 'PUT',
      url: `/v1/lessons/${lessonId}/blocks`,
      headers: owner.auth,
      payload: { blocks: [{ id: 'tool', type: 'external-tool', toolId: tool.id, title: 'Practice quiz' }] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });
  afterAll(async () => {
    await new Promise((resolve) => toolServer?.close(resolve));
    await lti.close({ silent: true });
    await t?.close();
    if (ltijsDatabase !== undefined) await admin(`drop database if exists ${ltijsDatabase} with (force)`);
  });

  it('lets the author pick the tool’s content by Deep Linking, verified and stored in the block', async () => {
    const started = await t.inject({
      method: 'POST',
      url: `/v1/lessons/${lessonId}/lti-deep-links`,
      headers: owner.auth,
      payload: { blockId: 'tool' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const { response: picker } = await launchThrough(new CookieBrowser(), started.json().loginUrl);
    expect(picker.status).toBe(200);
    const response = formOf(await picker.text());
    expect(response.action).toBe(`${mirai}/lti/platform/deep-linking/return`);
    const returned = await fetch(response.action, { method: 'POST', body: new URLSearchParams(response.fields) });
    expect(returned.status, await returned.clone().text()).toBe(200);
    expect(await returned.text()).toContain('Chapter 3 quiz');
    const lesson = await t.inject({ method: 'GET', url: `/v1/lessons/${lessonId}`, headers: owner.auth });
    expect(JSON.stringify(lesson.json())).toContain(
      `"resourceLink":{"url":"${toolBase}${QUIZ_URL_PATH}","title":"Chapter 3 quiz","custom":{"quiz":"3"}}`,
    );
    // The response is single use: posting it again is refused.
    const again = await fetch(response.action, { method: 'POST', body: new URLSearchParams(response.fields) });
    expect(again.status).toBe(400);
    expect((await again.json()).code).toBe('MIRAI_ERR_LTI_DEEP_LINK_RESPONSE_INVALID');
  });

  it('launches the chosen content for a learner and records the tool’s AGS score in the gradebook', async () => {
    expect((await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth })).statusCode).toBe(200);
    learner = await t.join(owner, 'learner@ltijs-platform.example', 'learner');
    const enrolment = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/enrolments`, headers: learner.auth });
    const enrolmentId = enrolment.json().id;
    const started = await t.inject({
      method: 'POST',
      url: `/v1/enrolments/${enrolmentId}/lessons/${lessonId}/lti-launches`,
      headers: learner.auth,
      payload: { blockId: 'tool' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const browser = new CookieBrowser();
    const { authUrl, url, response: page } = await launchThrough(browser, started.json().loginUrl);
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ user: learner.userId, custom: { quiz: '3' } });
    const token = launches.at(-1);
    expect(token?.platformContext.messageType).toBe('LtiResourceLinkRequest');
    expect(token?.platformContext.context).toMatchObject({ id: courseId, title: 'Forklift theory' });
    expect(token?.platformContext.roles).toEqual(['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
    const lineItem = token?.platformContext.endpoint?.lineitem ?? '';
    expect(lineItem.startsWith(`${mirai}/lti/platform/line-items/`)).toBe(true);

    // The tool's page has its ltik in the URL ltijs redirected to; the session cookie is in the browser.
    const ltik = new URL(url).searchParams.get('ltik');
    expect(ltik).not.toBeNull();
    const graded = await browser.request(`${toolBase}/grade`, { form: { score: '8' }, headers: { authorization: `Bearer ${ltik}` } });
    expect(graded.status, await graded.clone().text()).toBe(200);
    const gradebook = await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/gradebook`, headers: owner.auth });
    const row = gradebook.json().items.find((item: { userId: string }) => item.userId === learner.userId);
    expect(row.attempts).toEqual([expect.objectContaining({ lessonId, blockId: 'tool', correct: 80, total: 100, passed: true })]);

    // The message hint was used: replaying the tool's auth request is refused.
    const replayed = await fetch(authUrl);
    expect(replayed.status).toBe(400);
    expect((await replayed.json()).reason).toMatch(/lti_message_hint/);
  });
});
