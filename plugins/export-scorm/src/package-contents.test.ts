import { type ExportedPackage, exportPackage } from '@mirai/export-kit/testing';
import { strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createScormExporter } from './index.ts';
import { MISSING_IMAGE, sampleCourse, sampleOptions, TINY_PNG } from './testing/sample-course.ts';

interface Resource {
  identifier: string;
  href: string | undefined;
  scormType: string | undefined;
  files: string[];
  dependencies: string[];
}

/** Reads the resources from a manifest; the writers put each attribute on one line, so patterns suffice. */
function resources(manifest: string): Resource[] {
  return [...manifest.matchAll(/<resource ([^>]*)>([\s\S]*?)<\/resource>/g)].map(([, attributes = '', body = '']) => ({
    identifier: /identifier="([^"]+)"/.exec(attributes)?.[1] ?? '',
    href: /href="([^"]+)"/.exec(attributes)?.[1],
    scormType: /adlcp:scorm[tT]ype="([^"]+)"/.exec(attributes)?.[1],
    files: [...body.matchAll(/<file href="([^"]+)"/g)].map((match) => match[1] ?? ''),
    dependencies: [...body.matchAll(/<dependency identifierref="([^"]+)"/g)].map((match) => match[1] ?? ''),
  }));
}

/** Package paths an HTML page loads (src and href of local files), resolved from the page's folder. */
function pageReferences(page: string, pagePath: string): string[] {
  const base = new URL(pagePath, 'pkg://root/');
  return [...page.matchAll(/\s(?:src|href)="([^"]+)"/g)]
    .map((match) => match[1] ?? '')
    .filter((reference) => !/^[a-z]+:/i.test(reference) && !reference.startsWith('#'))
    .map((reference) => new URL(reference, base).pathname.replace(/^\//, ''));
}

function checkReferences(exported: ExportedPackage, manifest: string): Resource[] {
  const all = resources(manifest);
  const byId = new Map(all.map((resource) => [resource.identifier, resource]));
  for (const resource of all) {
    for (const file of resource.files) expect(exported.files[file], `${resource.identifier} lists ${file}`).toBeDefined();
    for (const dependency of resource.dependencies) expect(byId.has(dependency), `dependency ${dependency}`).toBe(true);
  }
  for (const sco of all.filter((resource) => resource.scormType === 'sco')) {
    expect(sco.href).toBeDefined();
    const href = sco.href ?? '';
    const declared = new Set([...sco.files, ...sco.dependencies.flatMap((id) => byId.get(id)?.files ?? [])]);
    for (const reference of pageReferences(exported.text(href), href)) {
      expect(exported.files[reference], `${href} loads ${reference}`).toBeDefined();
      expect(declared.has(reference), `${sco.identifier} declares ${reference}`).toBe(true);
    }
  }
  const listed = new Set(all.flatMap((resource) => resource.files));
  const unlisted = Object.keys(exported.files).filter((name) => !listed.has(name) && name !== 'imsmanifest.xml' && !/\.(xsd|dtd)$/.test(name));
  expect(unlisted).toEqual([]);
  return all;
}

describe.each([
  { version: '1.2', scormType: 'adlcp:scormtype="sco"', schemaVersion: '<schemaversion>1.2</schemaversion>' },
  { version: '2004', scormType: 'adlcp:scormType="sco"', schemaVersion: '<schemaversion>2004 4th Edition</schemaversion>' },
] as const)('SCORM $version package', ({ version, scormType, schemaVersion }) => {
  const exporter = createScormExporter(version);

  it('has one SCO per lesson by default, organized as modules → lessons, with every referenced file', async () => {
    const exported = await exportPackage(exporter, sampleCourse, sampleOptions());
    const manifest = exported.text('imsmanifest.xml');
    expect(manifest).toContain('<schema>ADL SCORM</schema>');
    expect(manifest).toContain(schemaVersion);
    const scos = checkReferences(exported, manifest).filter((resource) => resource.scormType === 'sco');
    expect(scos).toHaveLength(4);
    expect(manifest.split(scormType)).toHaveLength(5);
    const titles = [...manifest.matchAll(/<title>([^<]*)<\/title>/g)].map((match) => match[1]);
    expect(titles).toEqual(['Data &amp; &lt;Safety&gt; 101', 'Foundations', 'What is data?', 'Storing data', 'Practice', 'Querying', 'Review']);
    expect(manifest).toMatch(
      /<item identifier="ITEM-M01">\s*<title>Foundations<\/title>\s*<item identifier="ITEM-M01-L01" identifierref="RES-M01-L01">/,
    );
    for (const sco of scos) expect(exported.text(sco.href ?? '')).toContain(`data-scorm-version="${version}"`);
  });

  it('puts the whole course in one SCO when scoPerLesson is false', async () => {
    const exported = await exportPackage(exporter, sampleCourse, sampleOptions({ scoPerLesson: false }));
    const scos = checkReferences(exported, exported.text('imsmanifest.xml')).filter((resource) => resource.scormType === 'sco');
    expect(scos.map((sco) => sco.href)).toEqual(['content/course.html']);
    const page = exported.text('content/course.html');
    for (const title of ['Foundations', 'Practice', 'What is data?', 'Storing data', 'Querying', 'Review']) expect(page).toContain(title);
    expect(page.match(/class="question"/g)).toHaveLength(9);
  });

  it('packages images once, shows alt text for a missing one and warns about it', async () => {
    const exported = await exportPackage(exporter, sampleCourse, sampleOptions());
    const images = Object.keys(exported.files).filter((name) => name.startsWith('assets/') && name.endsWith('.png'));
    expect(images).toEqual(['assets/001-data-pipeline.png']);
    expect(exported.files['assets/001-data-pipeline.png']).toEqual(TINY_PNG);
    const page = exported.text('content/m01-l02-storing-data.html');
    expect(page).toContain('<p class="image-alt">A diagram of a database</p>');
    expect(page).not.toContain('<img');
    const warnings = exported.progress.filter((event) => event.message.startsWith('Warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain(MISSING_IMAGE);
  });

  it('reports progress per lesson and ends at 100%', async () => {
    const exported = await exportPackage(exporter, sampleCourse, sampleOptions());
    const lessons = exported.progress.filter((event) => event.message.startsWith('Packaged lesson'));
    expect(lessons.map((event) => event.message)).toEqual([
      'Packaged lesson 1 of 4: What is data?',
      'Packaged lesson 2 of 4: Storing data\u0001',
      'Packaged lesson 3 of 4: Querying',
      'Packaged lesson 4 of 4: Review',
    ]);
    const percents = exported.progress.map((event) => event.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(exported.progress.at(-1)).toEqual({ percent: 100, message: 'SCORM package complete' });
  });

  it('writes the mastery score setting into the manifest and the player', async () => {
    const exported = await exportPackage(exporter, sampleCourse, sampleOptions({ masteryScore: 60 }));
    const manifest = exported.text('imsmanifest.xml');
    if (version === '1.2') expect(manifest.match(/<adlcp:masteryscore>60<\/adlcp:masteryscore>/g)).toHaveLength(2);
    else expect(manifest.match(/<imsss:minNormalizedMeasure>0\.6000<\/imsss:minNormalizedMeasure>/g)).toHaveLength(2);
    expect(exported.text('content/m01-l01-what-is-data.html')).toContain('data-mastery-score="60"');
  });

  it('ships the player script and styles, and no network references', async () => {
    const exported = await exportPackage(exporter, sampleCourse, sampleOptions());
    const player = strFromU8(exported.files['shared/player.js'] ?? new Uint8Array());
    expect(player).toContain(version === '1.2' ? 'LMSInitialize' : 'Initialize');
    expect(player).not.toMatch(/\b(?:const|let|class)\s|=>|`/);
    for (const name of Object.keys(exported.files).filter((file) => file.endsWith('.html') || file.endsWith('.css'))) {
      // Links the learner follows out of the package (the author's glossary, the Vimeo video's page) load nothing.
      const text = exported.text(name).replace(/<a href="https:\/\/(?:example\.org\/glossary|vimeo\.com\/76979871)"/g, '');
      expect(text, name).not.toMatch(/(?:src|href)="(?:https?:)?\/\/|url\(/);
    }
  });
});
