import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;
let owner: SignedUp;

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

async function uploadAndComplete(fileName: string, contentType: string, body: Buffer) {
  const created = await t.inject({ method: 'POST', url: '/v1/uploads', headers: owner.auth, payload: { fileName, contentType, size: body.length } });
  const { upload, request } = created.json();
  await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: body });
  return { id: upload.id as string, completed: await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: owner.auth }) };
}

beforeAll(async () => {
  t = await startTestServer({ MIRAI_UPLOAD_MAX_BYTES: '1000', MIRAI_MEDIA_MAX_BYTES: '5000' });
  owner = await t.signup('media-uploads@example.com');
});
afterAll(() => t.close());

describe('media and caption uploads', () => {
  it('holds video and audio to MIRAI_MEDIA_MAX_BYTES and other files to MIRAI_UPLOAD_MAX_BYTES', async () => {
    const announce = (contentType: string, size: number) =>
      t.inject({ method: 'POST', url: '/v1/uploads', headers: owner.auth, payload: { fileName: 'f', contentType, size } });
    expect((await announce('video/mp4', 4000)).statusCode).toBe(201);
    expect((await announce('audio/mpeg', 5000)).statusCode).toBe(201);
    const tooBig = await announce('video/mp4', 5001);
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().errors[0]).toEqual({ field: '/body/size', message: 'must be at most 5000' });
    expect((await announce('application/pdf', 4000)).json().errors[0].field).toBe('/body/size');
  });

  it('completes WebVTT captions and serves them as text/vtt', async () => {
    const vtt = Buffer.from('WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome to the course.\n');
    const { id, completed } = await uploadAndComplete('welcome.vtt', 'text/vtt', vtt);
    expect(completed.json()).toMatchObject({ status: 'complete' });
    const download = (await t.inject({ method: 'GET', url: `/v1/uploads/${id}/download`, headers: owner.auth })).json();
    const fetched = await t.inject({ method: 'GET', url: pathOf(download.url) });
    expect(fetched.headers['content-type']).toMatch(/^text\/vtt/);
    expect(fetched.body).toBe(vtt.toString());
  });

  it('refuses a text/vtt upload that is not WebVTT, and leaves it incomplete', async () => {
    const srt = Buffer.from('1\n00:00:00,000 --> 00:00:02,000\nWelcome.\n');
    const { id, completed } = await uploadAndComplete('welcome.srt', 'text/vtt', srt);
    expect(completed.statusCode).toBe(400);
    expect(completed.json().code).toBe('MIRAI_ERR_CAPTIONS_NOT_WEBVTT');
    expect((await t.inject({ method: 'GET', url: `/v1/uploads/${id}`, headers: owner.auth })).json().status).toBe('pending');
  });
});
