import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse, saveBlocks } from '../learning/testing/learning-fixture.ts';

let t: TestServer;
let owner: SignedUp;

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('owner@links.example');
}, 180_000);
afterAll(() => t.close());

describe('stored lesson Markdown', () => {
  it('never holds a link the URL policy refuses, so no consumer of the API receives one', async () => {
    const { lessonIds } = await authoredCourse(t, owner);
    const lessonId = lessonIds[0];
    await saveBlocks(t, owner, lessonId, [
      {
        id: 'm',
        type: 'markdown',
        markdown: '[policy](<java\tscript:alert(document.domain)>) and [ref][1] and [ok](https://example.org)\n\n[1]: jav&#x09;ascript:x',
      },
      { id: 'c', type: 'callout', tone: 'warning', markdown: '[callout](JAVASCRIPT:alert(1))' },
    ]);
    const lesson = (await t.inject({ method: 'GET', url: `/v1/lessons/${lessonId}`, headers: owner.auth })).json();
    const stored = JSON.stringify(lesson);
    expect(stored).not.toMatch(/java\\tscript|jav&#x09;ascript|JAVASCRIPT:/);
    expect(stored).toContain('[ok](https://example.org)');
    expect(stored).toContain('"markdown":"callout"');
  });
});
