import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const CMI5_SCHEMA = path.resolve(repoRoot, '../shared/standards/cmi5/CourseStructure.xsd');

/** Runs `xmllint --noout --schema` on `xml`; resolves with xmllint's verdict, rejects when xmllint is missing. */
export async function validateAgainstSchema(xml: string, schema: string): Promise<{ valid: boolean; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cmi5-xml-'));
  const file = path.join(dir, 'cmi5.xml');
  writeFileSync(file, xml);
  try {
    const { stderr } = await run('xmllint', ['--noout', '--schema', schema, file]);
    return { valid: true, output: stderr };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new Error('xmllint is missing: apt-get install -y libxml2-utils');
    return { valid: false, output: failure.stderr ?? String(error) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
