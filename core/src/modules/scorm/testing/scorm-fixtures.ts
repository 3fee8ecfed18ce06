import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

export const THIRD_PARTY_SCORM = {
  scorm12: fileURLToPath(new URL('../../../../../tests/fixtures/third-party-scorm/golf-runtime-basic-scorm12/', import.meta.url)),
  scorm2004: fileURLToPath(new URL('../../../../../tests/fixtures/third-party-scorm/golf-runtime-basic-scorm2004-3rd/', import.meta.url)),
} as const;

/** Written for Mirai's tests (not ADL's): a SCORM 2004 package with the sequencing structures of ADL's examples; see its SOURCE.md. */
export const MIRAI_SEQUENCING_SAMPLE = fileURLToPath(new URL('../../../../../tests/fixtures/mirai-sequencing-sample/', import.meta.url));

function filesUnder(root: string, folder = ''): Array<[string, Uint8Array]> {
  return readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) return filesUnder(root, relative);
    // SOURCE.md records where a fixture came from; it is not part of the package.
    return relative === 'SOURCE.md' ? [] : [[relative, readFileSync(path.join(root, relative))] as [string, Uint8Array]];
  });
}

/** Zips a fixture package folder the way an author would: its contents at the archive's root. */
export function zipScormFolder(folder: string, change: (files: Record<string, Uint8Array>) => void = () => {}): Uint8Array {
  const files = Object.fromEntries(filesUnder(folder));
  change(files);
  return zipSync(files);
}
