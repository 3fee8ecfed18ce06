import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contentStylesheet } from '@mirai/export-kit';
import { exportPackage, fixtureCourse, readFixtureAsset } from '@mirai/export-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createScormExporter } from './index.ts';
import { validatePackageManifest } from './testing/manifest-validation.ts';

const workDir = await mkdtemp(path.join(tmpdir(), 'export-scorm-shared-sample-'));

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

// export-kit's sample course, the one the HTML, cmi5 and Common Cartridge exporters are tested with.
describe("SCORM packages of export-kit's shared sample course", () => {
  for (const version of ['1.2', '2004'] as const) {
    for (const scoPerLesson of [true, false]) {
      it(`SCORM ${version}, ${scoPerLesson ? 'one SCO per lesson' : 'one SCO for the course'}: the manifest validates against the official schemas`, async () => {
        const exported = await exportPackage(createScormExporter(version), fixtureCourse, {
          settings: { scoPerLesson },
          readAsset: readFixtureAsset,
        });
        const result = await validatePackageManifest(exported.files, path.join(workDir, `${version}-${scoPerLesson}`), version);
        expect(result.output).toMatch(/imsmanifest\.xml validates/);
        expect(result, result.output).toMatchObject({ ok: true });
      });
    }
  }

  it("ships export-kit's content stylesheet unchanged, loaded by every page before the player's own rules", async () => {
    const exported = await exportPackage(createScormExporter('2004'), fixtureCourse, { settings: {}, readAsset: readFixtureAsset });
    expect(exported.text('shared/content.css')).toBe(await contentStylesheet());
    const pages = Object.keys(exported.files).filter((name) => name.endsWith('.html'));
    expect(pages).toHaveLength(4);
    for (const page of pages) {
      const html = exported.text(page);
      const content = html.indexOf('href="../shared/content.css"');
      expect(content, page).toBeGreaterThan(0);
      expect(html.indexOf('href="../shared/player.css"'), page).toBeGreaterThan(content);
    }
    expect(exported.text('imsmanifest.xml')).toContain('<file href="shared/content.css"/>');
  });
});
