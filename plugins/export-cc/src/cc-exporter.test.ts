import path from 'node:path';
import { fixtureCourse, PNG_BYTES, questionKindsCourse, readFixtureAsset } from '@mirai/export-kit/testing';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { xmllintProblems } from './testing/xmllint-wellformed.ts';

const CP = 'http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1';
const QTI = 'http://www.imsglobal.org/xsd/ims_qtiasiv1p2';
const ASSESSMENT = 'imsqti_xmlv1p2/imscc_xmlv1p3/assessment';

async function exportFiles(extra: { onProgress?: (percent: number) => void; signal?: AbortSignal } = {}, course = fixtureCourse) {
  const exporter = (await createTestHost(plugin)).extension('exporter');
  const chunks: Uint8Array[] = [];
  const stream = exporter.export(
    course,
    {
      settings: {},
      readAsset: readFixtureAsset,
      onProgress: (progress) => extra.onProgress?.(progress.percent),
      signal: extra.signal,
    },
    { tenantId: 'tenant-test', config: {} },
  );
  for await (const chunk of stream) chunks.push(chunk);
  return unzipSync(Buffer.concat(chunks));
}

const text = (files: Record<string, Uint8Array>, name: string): string => {
  const file = files[name];
  if (file === undefined) throw new Error(`${name} is not in the cartridge`);
  return strFromU8(file);
};

const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');
const elements = (root: { getElementsByTagNameNS(ns: string, name: string): ArrayLike<Element> }, ns: string, name: string) =>
  Array.from(root.getElementsByTagNameNS(ns, name));
const directChildren = (element: Element, name: string) =>
  Array.from(element.childNodes).filter((node): node is Element => node.nodeType === 1 && (node as Element).localName === name);
const titleOf = (item: Element) => directChildren(item, 'title')[0]?.textContent;

describe('export-cc', () => {
  let files: Record<string, Uint8Array> = {};
  let manifest = parse('<empty/>');

  beforeAll(async () => {
    files = await exportFiles();
    manifest = parse(text(files, 'imsmanifest.xml'));
  });

  it('provides the cc13 exporter', async () => {
    const exporter = (await createTestHost(plugin)).extension('exporter');
    expect(exporter).toMatchObject({ format: 'cc13', mediaType: 'application/zip' });
    expect(exporter.fileName(fixtureCourse)).toBe('safe-lifting-handling-basics.imscc');
  });

  it('writes well-formed XML (xmllint --noout) for the manifest and every assessment', async () => {
    const xmlFiles = Object.keys(files).filter((name) => name.endsWith('.xml'));
    expect(xmlFiles).toHaveLength(3);
    for (const name of xmlFiles) expect(await xmllintProblems(text(files, name)), name).toBe('');
    // The check is real: xmllint flags a broken document.
    expect(await xmllintProblems('<manifest><metadata></manifest>')).toContain('mismatch');
  });

  it('declares IMS Common Cartridge 1.3.0 with the course title', () => {
    expect(elements(manifest, CP, 'schema')[0]?.textContent).toBe('IMS Common Cartridge');
    expect(elements(manifest, CP, 'schemaversion')[0]?.textContent).toBe('1.3.0');
    expect(text(files, 'imsmanifest.xml')).toContain('<lomimscc:string language="en-GB">Safe Lifting &amp; Handling: Basics</lomimscc:string>');
  });

  it('mirrors modules → lessons (and each lesson quiz) in one rooted organization', () => {
    const organization = elements(manifest, CP, 'organization');
    expect(organization).toHaveLength(1);
    expect(organization[0]?.getAttribute('structure')).toBe('rooted-hierarchy');
    const root = organization[0] && directChildren(organization[0], 'item');
    expect(root).toHaveLength(1);
    const modules = root?.[0] ? directChildren(root[0], 'item') : [];
    expect(modules.map(titleOf)).toEqual(['Understanding risk', 'Lifting safely']);
    expect(modules.map((module) => directChildren(module, 'item').map(titleOf))).toEqual([
      ['Why lifting hurts', 'Why lifting hurts: quiz', 'Assessing a lift'],
      ['The safe lift', 'Team lifts', 'Team lifts: quiz'],
    ]);
  });

  it('has unique identifiers, resolvable references, and every file it ships listed', () => {
    const identifiers = elements(manifest, CP, '*').flatMap((element) => element.getAttribute('identifier') ?? []);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    const resources = elements(manifest, CP, 'resource');
    const resourceIds = resources.map((resource) => resource.getAttribute('identifier'));
    for (const element of elements(manifest, CP, '*')) {
      const ref = element.getAttribute('identifierref');
      if (ref !== null) expect(resourceIds).toContain(ref);
    }
    const listed = new Set<string>();
    for (const resource of resources) {
      const href = resource.getAttribute('href');
      if (href !== null) expect(Object.keys(files)).toContain(href);
      for (const file of elements(resource, CP, 'file')) {
        const fileHref = file.getAttribute('href') ?? '';
        expect(Object.keys(files)).toContain(fileHref);
        listed.add(fileHref);
      }
    }
    expect([...listed, 'imsmanifest.xml'].sort()).toEqual(Object.keys(files).sort());
    expect(resources.filter((resource) => resource.getAttribute('type') === 'webcontent')).toHaveLength(5);
    expect(resources.filter((resource) => resource.getAttribute('type') === ASSESSMENT)).toHaveLength(2);
  });

  it('writes each lesson quiz as QTI 1.2 multiple choice with the right answer scored and the explanation as feedback', () => {
    const expectations = [
      { file: 'assessments/m01-l01-why-lifting-hurts.xml', answers: ['Task', 'Far'], explanation: 'TILE is Task, Individual, Load, Environment.' },
      {
        file: 'assessments/m02-l02-team-lifts.xml',
        answers: ['One agreed person'],
        explanation: 'One voice avoids people lifting at different times.',
      },
    ];
    const allIdents: string[] = [];
    for (const { file, answers, explanation } of expectations) {
      const qti = parse(text(files, file));
      const items = elements(qti, QTI, 'item');
      expect(items).toHaveLength(answers.length);
      const correct = items.map((item) => {
        expect(elements(item, QTI, 'fieldentry').map((entry) => entry.textContent)).toContain('cc.multiple_choice.v0p1');
        const scoring = elements(item, QTI, 'respcondition').filter((condition) => elements(condition, QTI, 'setvar')[0]?.textContent === '100');
        expect(scoring).toHaveLength(1);
        const choice = scoring[0] && elements(scoring[0], QTI, 'varequal')[0]?.textContent;
        const label = elements(item, QTI, 'response_label').find((candidate) => candidate.getAttribute('ident') === choice);
        return label && elements(label, QTI, 'mattext')[0]?.textContent;
      });
      expect(correct).toEqual(answers);
      const feedback = elements(qti, QTI, 'itemfeedback').map((element) => element.textContent);
      expect(feedback).toContain(explanation);
      allIdents.push(...elements(qti, QTI, '*').flatMap((element) => element.getAttribute('ident') ?? []));
    }
    expect(new Set(allIdents).size).toBe(allIdents.length);
    expect(text(files, expectations[0]?.file ?? '')).toContain('Which is riskier: &lt;near&gt; or far from the body?');
  });

  it('renders lessons as web content with working relative links and escaped author text', () => {
    const first = text(files, 'lessons/m01-l01-why-lifting-hurts.html');
    expect(first).toContain('<html lang="en-GB">');
    expect(first).toContain('<img src="../web_resources/assets/1-spine.png" alt="A diagram of the spine">');
    expect(first).toContain('the assessment “Why lifting hurts: quiz” (2 questions)');
    expect(first).not.toContain('<script');
    for (const page of Object.keys(files).filter((name) => name.endsWith('.html'))) {
      for (const [, target = ''] of text(files, page).matchAll(/(?:href|src)="([^"]*)"/g)) {
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        expect(Object.keys(files), `${page} → ${target}`).toContain(path.posix.join(path.posix.dirname(page), target));
      }
    }
    expect(files['web_resources/assets/1-spine.png']).toEqual(PNG_BYTES);
    expect(text(files, 'lessons/m02-l01-the-safe-lift.html')).toContain('<p class="image-missing">A worker lifting a box correctly</p>');
    expect(text(files, 'lessons/m01-l02-assessing-a-lift.html')).toContain('<summary>Load</summary>');
  });

  it('reports progress once per lesson and stops when aborted', async () => {
    const percents: number[] = [];
    await exportFiles({ onProgress: (percent) => percents.push(percent) });
    expect(percents).toEqual([25, 50, 75, 100]);
    const controller = new AbortController();
    await expect(exportFiles({ signal: controller.signal, onProgress: () => controller.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('writes each question kind as its CC QTI profile, scoring exactly the right responses', async () => {
    const kinds = await exportFiles({}, questionKindsCourse);
    const name = Object.keys(kinds).find((file) => file.endsWith('.xml') && text(kinds, file).includes('<questestinterop'));
    if (name === undefined) throw new Error('no assessment in the cartridge');
    const xml = text(kinds, name);
    expect(await xmllintProblems(xml)).toBe('');
    const items = elements(parse(xml), QTI, 'item');
    const profileOf = (item: Element) => elements(item, QTI, 'fieldentry').map((entry) => entry.textContent)[0];
    expect(items.map(profileOf)).toEqual([
      'cc.multiple_choice.v0p1',
      'cc.multiple_response.v0p1',
      'cc.true_false.v0p1',
      'cc.fib.v0p1',
      'cc.essay.v0p1',
      'matching_question',
      'matching_question',
    ]);
    const scoring = (item: Element | undefined) =>
      item === undefined
        ? []
        : elements(item, QTI, 'respcondition').filter((condition) => elements(condition, QTI, 'setvar')[0]?.textContent === '100');
    const [, multiple, trueFalse, exact, pattern] = items;
    // Several answers: every right choice and none of the wrong one.
    const multipleCondition = scoring(multiple)[0];
    expect(multipleCondition && elements(multipleCondition, QTI, 'not').map((not) => not.textContent)).toEqual(['Q_M01_L01_2_C2']);
    expect(multiple && elements(multiple, QTI, 'response_lid')[0]?.getAttribute('rcardinality')).toBe('Multiple');
    const falseLabel = trueFalse && elements(trueFalse, QTI, 'response_label')[1];
    expect(falseLabel?.textContent).toBe('False');
    const trueFalseCondition = scoring(trueFalse)[0];
    expect(trueFalseCondition && elements(trueFalseCondition, QTI, 'varequal').map((equal) => equal.textContent)).toEqual([
      falseLabel?.getAttribute('ident'),
    ]);
    const exactCondition = scoring(exact)[0];
    const accepted = exactCondition === undefined ? [] : elements(exactCondition, QTI, 'varequal');
    expect(accepted.map((equal) => [equal.textContent, equal.getAttribute('case')])).toEqual([
      ['Environment', 'No'],
      ['the environment', 'No'],
    ]);
    // A pattern has no QTI 1.2 form: an essay, graded by hand, with no automatic score.
    expect(scoring(pattern)).toEqual([]);
    // Ordering and matching: a row per position / left-hand side, right only when every row chose its own label.
    const [, , , , , ordering, matching] = items;
    const rowsOf = (item: Element | undefined) =>
      item === undefined ? [] : elements(item, QTI, 'response_lid').map((lid) => elements(lid, QTI, 'mattext')[0]?.textContent);
    expect(rowsOf(ordering)).toEqual(['Step 1', 'Step 2', 'Step 3', 'Step 4']);
    expect(rowsOf(matching)).toEqual(['T', 'I', 'L']);
    const pairsOf = (item: Element | undefined) => {
      const condition = scoring(item)[0];
      if (condition === undefined) return [];
      return elements(condition, QTI, 'varequal').map((equal) => {
        const lid =
          item && elements(item, QTI, 'response_lid').find((candidate) => candidate.getAttribute('ident') === equal.getAttribute('respident'));
        const label = lid && elements(lid, QTI, 'response_label').find((candidate) => candidate.getAttribute('ident') === equal.textContent);
        return [lid && elements(lid, QTI, 'mattext')[0]?.textContent, label?.textContent];
      });
    };
    expect(pairsOf(ordering)).toEqual([
      ['Step 1', 'Plan the lift'],
      ['Step 2', 'Get a firm grip'],
      ['Step 3', 'Lift with the legs'],
      ['Step 4', 'Put the load down'],
    ]);
    expect(pairsOf(matching)).toEqual([
      ['T', 'Task'],
      ['I', 'Individual'],
      ['L', 'Load'],
    ]);
  });
});
