import type { CourseDocument } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { sampleCourse, sampleOptions } from './testing/sample-course.ts';

async function exporters() {
  const host = await createTestHost(plugin);
  return host.extensions('exporter');
}

describe('export-scorm plugin', () => {
  it('provides a SCORM 1.2 and a SCORM 2004 exporter', async () => {
    const provided = await exporters();
    expect(provided.map(({ format, label, mediaType }) => ({ format, label, mediaType }))).toEqual([
      { format: 'scorm12', label: 'SCORM 1.2', mediaType: 'application/zip' },
      { format: 'scorm2004', label: 'SCORM 2004 4th Edition', mediaType: 'application/zip' },
    ]);
    expect(provided.map((exporter) => exporter.fileName(sampleCourse))).toEqual(['data-safety-101-scorm12.zip', 'data-safety-101-scorm2004.zip']);
    expect(provided[0]?.fileName({ ...sampleCourse, title: 'Ünïcode — Über Kurs!' })).toBe('unicode-uber-kurs-scorm12.zip');
    expect(provided[0]?.fileName({ ...sampleCourse, title: '日本語' })).toBe('course-scorm12.zip');
  });

  it('logs a warning for a missing image as well as reporting it', async () => {
    const host = await createTestHost(plugin);
    const [exporter] = host.extensions('exporter');
    if (exporter === undefined) throw new Error('no exporter');
    for await (const _chunk of exporter.export(sampleCourse, sampleOptions(), { tenantId: 'tenant-test', config: {} })) {
      // drain the package
    }
    expect(host.logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message)).toEqual([
      expect.stringContaining('image "A diagram of a database" in lesson "Storing data'),
    ]);
  });

  it('stops between files when the signal aborts', async () => {
    const [exporter] = await exporters();
    if (exporter === undefined) throw new Error('no exporter');
    const controller = new AbortController();
    const iterator = exporter
      .export(sampleCourse, sampleOptions({}, { signal: controller.signal }), { tenantId: 'tenant-test', config: {} })
      [Symbol.asyncIterator]();
    await expect(iterator.next()).resolves.toMatchObject({ done: false });
    controller.abort();
    await expect(iterator.next()).rejects.toMatchObject({ name: 'AbortError' });

    const aborted = AbortSignal.abort();
    const again = exporter
      .export(sampleCourse, sampleOptions({}, { signal: aborted }), { tenantId: 'tenant-test', config: {} })
      [Symbol.asyncIterator]();
    await expect(again.next()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects bad settings and a course without lessons', async () => {
    const [exporter] = await exporters();
    if (exporter === undefined) throw new Error('no exporter');
    const first = (course: CourseDocument, settings: Record<string, string | number | boolean>) =>
      exporter.export(course, sampleOptions(settings), { tenantId: 'tenant-test', config: {} })[Symbol.asyncIterator]().next();
    await expect(first(sampleCourse, { masteryScore: 120 })).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
    await expect(first(sampleCourse, { masteryScore: 'lots' })).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
    await expect(first(sampleCourse, { scoPerLesson: 'maybe' })).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
    await expect(first(sampleCourse, { scoPerLesson: 'false', masteryScore: '70' })).resolves.toMatchObject({ done: false });
    await expect(first({ ...sampleCourse, modules: [{ id: 'm', title: 'Empty', lessons: [] }] }, {})).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
    });
  });
});
