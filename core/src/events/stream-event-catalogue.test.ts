import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../paths.ts';
import { assertStreamEvent, JOB_REF_KEYS, STREAM_EVENTS } from './stream-event-catalogue.ts';

/** `| \`lesson.delta\` | lessonId, text | … |` rows of docs/realtime.md: event name → documented data fields. */
async function documentedEvents(): Promise<Map<string, string[]>> {
  const doc = await readFile(join(REPO_DIR, 'docs', 'realtime.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| `([a-z]+\.[a-z]+)` +\| ([^|]*)\|/gm)];
  return new Map(
    rows.map(([, name = '', fields = '']) => [
      name,
      fields
        .split(',')
        .map((field) => field.replaceAll('`', '').trim())
        .filter(Boolean),
    ]),
  );
}

/** The catalogue's data fields of an event, besides the job reference every event carries; `?` marks optional ones. */
function catalogueFields(name: keyof typeof STREAM_EVENTS): string[] {
  const schema = STREAM_EVENTS[name];
  const required = new Set<string>(schema.required ?? []);
  const ref = new Set<string>(JOB_REF_KEYS);
  return Object.keys(schema.properties)
    .filter((key) => !ref.has(key))
    .map((key) => (required.has(key) ? key : `${key}?`));
}

describe('the job stream event catalogue', () => {
  it('is documented in docs/realtime.md, event by event and field by field, and nothing else is', async () => {
    const documented = await documentedEvents();
    expect([...documented.keys()].sort()).toEqual(Object.keys(STREAM_EVENTS).sort());
    for (const name of Object.keys(STREAM_EVENTS) as Array<keyof typeof STREAM_EVENTS>)
      expect({ event: name, fields: documented.get(name) }).toEqual({ event: name, fields: catalogueFields(name) });
  });

  it('names events <area>.<what> and gives every one the job reference', () => {
    for (const [name, schema] of Object.entries(STREAM_EVENTS)) {
      expect(name).toMatch(/^(job|outline|lesson|export|document)\.[a-z]+$/);
      expect(schema.required).toEqual(expect.arrayContaining([...JOB_REF_KEYS]));
    }
  });

  it('refuses an event it does not define, and data that does not match', () => {
    const ref = { jobId: 'j', kind: 'generate-lesson', parentId: null };
    expect(() => assertStreamEvent('lesson.delta', { ...ref, lessonId: 'l', text: 'Hello' })).not.toThrow();
    expect(() => assertStreamEvent('lesson.typo', { ...ref })).toThrow(/not a job stream event/);
    expect(() => assertStreamEvent('lesson.delta', { ...ref, lessonId: 'l' })).toThrow(/does not match/);
    expect(() => assertStreamEvent('job.progress', { ...ref, percent: 140, message: 'too far' })).toThrow(/percent/);
  });
});
