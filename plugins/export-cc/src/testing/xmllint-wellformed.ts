import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `xmllint --noout` on `xml`: resolves with xmllint's complaints ('' when well-formed), rejects when xmllint is missing. */
export async function xmllintProblems(xml: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-xml-'));
  const file = path.join(dir, 'document.xml');
  writeFileSync(file, xml);
  try {
    const { stderr } = await run('xmllint', ['--noout', file]);
    return stderr;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new Error('xmllint is missing: apt-get install -y libxml2-utils');
    return failure.stderr || String(error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
