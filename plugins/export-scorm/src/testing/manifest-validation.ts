import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type XmllintResult, xmllintValidate } from './xmllint.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
/** The official ADL/IMS schemas, kept beside the repository (../shared/standards). */
export const STANDARDS_DIR = path.resolve(repoRoot, '../shared/standards');
/** The schema each version's manifest is validated against. */
export const SCHEMA_DRIVERS = {
  '1.2': path.join(STANDARDS_DIR, 'scorm12/scorm12.xsd'),
  '2004': path.join(STANDARDS_DIR, 'scorm2004/scorm2004.xsd'),
} as const;

/** Writes a whole unzipped package into `dir` and validates its imsmanifest.xml against the official schemas. */
export async function validatePackageManifest(files: Record<string, Uint8Array>, dir: string, version: '1.2' | '2004'): Promise<XmllintResult> {
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), bytes);
  }
  return xmllintValidate(path.join(dir, 'imsmanifest.xml'), SCHEMA_DRIVERS[version]);
}
