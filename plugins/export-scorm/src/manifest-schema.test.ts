import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportPackage } from '@mirai/export-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createScormExporter } from './index.ts';
import { SCHEMA_DRIVERS as DRIVERS, STANDARDS_DIR as standards, validatePackageManifest } from './testing/manifest-validation.ts';
import { sampleCourse, sampleOptions } from './testing/sample-course.ts';
import { xmllintValidate } from './testing/xmllint.ts';

const workDir = await mkdtemp(path.join(tmpdir(), 'export-scorm-schema-'));

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Writes the whole unzipped package to disk and validates its manifest against the official schemas. */
async function validate(version: '1.2' | '2004', scoPerLesson: boolean, masteryScore = 80) {
  const exported = await exportPackage(createScormExporter(version), sampleCourse, sampleOptions({ scoPerLesson, masteryScore }));
  const dir = path.join(workDir, `${version}-${scoPerLesson ? 'lessons' : 'course'}-${masteryScore}`);
  return validatePackageManifest(exported.files, dir, version);
}

describe('imsmanifest.xml against the official ADL/IMS schemas (xmllint)', () => {
  for (const version of ['1.2', '2004'] as const) {
    for (const scoPerLesson of [true, false]) {
      it(`SCORM ${version}, ${scoPerLesson ? 'one SCO per lesson' : 'one SCO for the course'}`, async () => {
        const result = await validate(version, scoPerLesson);
        expect(result.output).toMatch(/imsmanifest\.xml validates/);
        expect(result, result.output).toMatchObject({ ok: true });
      });
    }

    it(`SCORM ${version} with a custom mastery score`, async () => {
      const result = await validate(version, true, 65.5);
      expect(result, result.output).toMatchObject({ ok: true });
    });
  }

  it('really rejects an invalid manifest (the check is not a no-op)', async () => {
    const exported = await exportPackage(createScormExporter('2004'), sampleCourse, sampleOptions());
    const broken = exported.text('imsmanifest.xml').replace('adlcp:scormType="sco"', 'adlcp:scormType="lesson"');
    const file = path.join(workDir, 'broken-imsmanifest.xml');
    await writeFile(file, broken);
    const result = await xmllintValidate(file, DRIVERS['2004']);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/fails to validate/);
  });

  it('ships byte-identical copies of the official schemas in each package', async () => {
    for (const [version, folder] of [
      ['1.2', 'scorm12'],
      ['2004', 'scorm2004'],
    ] as const) {
      const exported = await exportPackage(createScormExporter(version), sampleCourse, sampleOptions());
      const schemas = Object.keys(exported.files).filter((name) => !name.includes('/') && name !== 'imsmanifest.xml');
      expect(schemas.length).toBeGreaterThan(3);
      for (const name of schemas) {
        const official = await readFile(path.join(standards, folder, name));
        expect(Buffer.compare(Buffer.from(exported.files[name] ?? []), official), name).toBe(0);
      }
    }
  });
});
