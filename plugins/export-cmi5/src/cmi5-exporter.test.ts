import { existsSync } from 'node:fs';
import { fixtureCourse, questionKindsCourse, readFixtureAsset } from '@mirai/export-kit/testing';
import type { ExportOptions } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { CMI5_SCHEMA, validateAgainstSchema } from './testing/xmllint-validation.ts';

const NS = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd';

async function exportFiles(settings: ExportOptions['settings'] = {}, extra: Partial<ExportOptions> = {}, course = fixtureCourse) {
  const exporter = (await createTestHost(plugin)).extension('exporter');
  const chunks: Uint8Array[] = [];
  for await (const chunk of exporter.export(course, { settings, readAsset: readFixtureAsset, ...extra }, { tenantId: 'tenant-test', config: {} }))
    chunks.push(chunk);
  return unzipSync(Buffer.concat(chunks));
}

const text = (files: Record<string, Uint8Array>, name: string): string => {
  const file = files[name];
  if (file === undefined) throw new Error(`${name} is not in the zip`);
  return strFromU8(file);
};

function aus(xml: string): Element[] {
  return Array.from(new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS(NS, 'au'));
}

const childText = (element: Element, tag: string) => element.getElementsByTagNameNS(NS, tag)[0]?.textContent?.trim();

describe('export-cmi5', () => {
  it('provides the cmi5 exporter', async () => {
    const exporter = (await createTestHost(plugin)).extension('exporter');
    expect(exporter).toMatchObject({ format: 'cmi5', mediaType: 'application/zip' });
    expect(exporter.fileName(fixtureCourse)).toBe('safe-lifting-handling-basics.cmi5.zip');
  });

  it('writes a cmi5.xml that validates against the official CourseStructure.xsd', async () => {
    expect(existsSync(CMI5_SCHEMA), CMI5_SCHEMA).toBe(true);
    const variants: ExportOptions['settings'][] = [
      {},
      { moveOn: 'Passed', masteryScore: 0.5 },
      { moveOn: 'NotApplicable', activityIdBase: 'https://lms.example.org/c/1' },
    ];
    for (const settings of variants) {
      const verdict = await validateAgainstSchema(text(await exportFiles(settings), 'cmi5.xml'), CMI5_SCHEMA);
      expect(verdict.output).toContain('validates');
      expect(verdict.valid, verdict.output).toBe(true);
    }
  });

  it('really validates: xmllint rejects a structure the schema forbids', async () => {
    const broken = text(await exportFiles(), 'cmi5.xml').replace('moveOn="CompletedOrPassed"', 'moveOn="Whenever"');
    const verdict = await validateAgainstSchema(broken, CMI5_SCHEMA);
    expect(verdict.valid).toBe(false);
    expect(verdict.output).toContain('moveOn');
  });

  it('has one block per module and one AU per lesson, each pointing at its page', async () => {
    const files = await exportFiles();
    const xml = text(files, 'cmi5.xml');
    const document = new DOMParser().parseFromString(xml, 'text/xml');
    const blocks = Array.from(document.getElementsByTagNameNS(NS, 'block'));
    expect(blocks.map((block) => childText(block, 'title'))).toEqual(['Understanding risk', 'Lifting safely']);
    expect(blocks.map((block) => block.getElementsByTagNameNS(NS, 'au').length)).toEqual([2, 2]);
    const list = aus(xml);
    expect(list.map((au) => childText(au, 'title'))).toEqual(['Why lifting hurts', 'Assessing a lift', 'The safe lift', 'Team lifts']);
    expect(list.map((au) => au.getAttribute('id'))).toEqual([1, 2, 3, 4].map((n) => `urn:mirai:course:course-1/lesson/lesson-${n}`));
    for (const au of list) expect(Object.keys(files)).toContain(childText(au, 'url'));
    expect(document.getElementsByTagNameNS(NS, 'course')[0]?.getAttribute('id')).toBe('urn:mirai:course:course-1');
    expect(xml).toContain('<langstring lang="en-GB">Safe Lifting &amp; Handling: Basics</langstring>');
  });

  it('defaults to moveOn CompletedOrPassed and mastery 0.8, and lets settings change both', async () => {
    const defaults = aus(text(await exportFiles(), 'cmi5.xml'));
    expect(defaults.map((au) => au.getAttribute('moveOn'))).toEqual(Array(4).fill('CompletedOrPassed'));
    // Only lessons with a quiz can be scored.
    expect(defaults.map((au) => au.getAttribute('masteryScore'))).toEqual(['0.8', null, null, '0.8']);

    const passed = aus(text(await exportFiles({ moveOn: 'Passed', masteryScore: '0.6' }), 'cmi5.xml'));
    // A lesson without a quiz can never pass, so it moves on when completed.
    expect(passed.map((au) => au.getAttribute('moveOn'))).toEqual(['Passed', 'Completed', 'Completed', 'Passed']);
    expect(passed[0]?.getAttribute('masteryScore')).toBe('0.6');
  });

  it('rejects settings it cannot honour', async () => {
    await expect(exportFiles({ moveOn: 'Sometimes' })).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
    await expect(exportFiles({ masteryScore: 1.5 })).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
    await expect(exportFiles({ activityIdBase: 'not an iri' })).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
  });

  it('renders AU pages with the xAPI client, the packaged rules and every block type', async () => {
    const files = await exportFiles();
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['cmi5-au.js', 'au.css', 'assets/1-spine.png']));
    const first = text(files, 'm01-l01-why-lifting-hurts.html');
    expect(first).toContain('<html lang="en-GB">');
    expect(first).toContain('<script src="cmi5-au.js" defer></script>');
    expect(first).toContain('<body data-move-on="CompletedOrPassed" data-mastery-score="0.8">');
    expect(first).toContain('<form class="quiz" data-au-quiz');
    expect(first).toContain('<fieldset class="quiz-question" data-kind="single" data-answer="1" data-right-answer="Far" data-question-id="q2"');
    expect(first).toContain('<img src="assets/1-spine.png" alt="A diagram of the spine">');
    expect(first).not.toContain('<script>alert');
    expect(text(files, 'm01-l02-assessing-a-lift.html')).toContain(
      '<details class="flashcard"><summary>Load</summary><p>Is it heavy, bulky or &lt;unstable&gt;?</p></details>',
    );
    expect(text(files, 'm02-l01-the-safe-lift.html')).toContain('<p class="image-missing">A worker lifting a box correctly</p>');
    const client = text(files, 'cmi5-au.js');
    for (const rule of ['LMS.LaunchData', "'X-Experience-API-Version': XAPI_VERSION", 'https://w3id.org/xapi/cmi5/context/extensions/sessionid'])
      expect(client).toContain(rule);
  });

  it('reports progress once per lesson and stops when aborted', async () => {
    const percents: number[] = [];
    await exportFiles({}, { onProgress: (progress) => percents.push(progress.percent) });
    expect(percents).toEqual([25, 50, 75, 100]);
    const controller = new AbortController();
    await expect(exportFiles({}, { signal: controller.signal, onProgress: () => controller.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('writes each question as an xAPI cmi.interaction of its type for the "answered" statement', async () => {
    const page = text(await exportFiles({}, {}, questionKindsCourse), 'm01-l01-all-kinds.html');
    const document = new DOMParser().parseFromString(page, 'text/html');
    const definitions = Array.from(document.getElementsByTagName('fieldset')).map((fieldset) => ({
      id: fieldset.getAttribute('data-question-id'),
      ...(JSON.parse(fieldset.getAttribute('data-interaction') ?? '{}') as {
        type: string;
        interactionType: string;
        correctResponsesPattern?: string[];
      }),
    }));
    expect(definitions.map(({ id, interactionType, correctResponsesPattern }) => ({ id, interactionType, correctResponsesPattern }))).toEqual([
      { id: 'single', interactionType: 'choice', correctResponsesPattern: ['b'] },
      { id: 'multiple', interactionType: 'choice', correctResponsesPattern: ['a[,]c[,]d'] },
      { id: 'true-false', interactionType: 'true-false', correctResponsesPattern: ['false'] },
      { id: 'exact', interactionType: 'fill-in', correctResponsesPattern: ['Environment', 'the environment'] },
      { id: 'pattern', interactionType: 'fill-in', correctResponsesPattern: undefined },
      { id: 'ordering', interactionType: 'sequencing', correctResponsesPattern: ['a[,]b[,]c[,]d'] },
      { id: 'matching', interactionType: 'matching', correctResponsesPattern: ['a[.]1[,]b[.]2[,]c[.]3'] },
    ]);
    for (const definition of definitions) expect(definition.type).toBe('http://adlnet.gov/expapi/activities/cmi.interaction');
    expect(text(await exportFiles({}, {}, questionKindsCourse), 'cmi5-au.js')).toContain("display: { 'en-US': 'answered' }");
  });
});
