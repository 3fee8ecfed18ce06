import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { packageRefusal } from './package-refusal.ts';

export type ScormVersion = '1.2' | '2004';

/** The ADL schemas, copied unchanged from ../shared/standards (see core/schemas/STANDARDS-README.md). */
const DRIVER_SCHEMAS: Record<ScormVersion, string> = {
  '1.2': fileURLToPath(new URL('../../../schemas/scorm12/scorm12.xsd', import.meta.url)),
  '2004': fileURLToPath(new URL('../../../schemas/scorm2004/scorm2004.xsd', import.meta.url)),
};
const MAX_REPORTED_ERRORS = 20;

/** xmllint's lines about the manifest itself (not its warnings about the schemas it loaded). */
function manifestErrors(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('-:'))
    .map((line) => line.replace(/^-:/, 'imsmanifest.xml:'))
    .slice(0, MAX_REPORTED_ERRORS);
}

/**
 * Validates imsmanifest.xml against the official XSDs with xmllint (libxml2-utils). `--nonet`
 * keeps xmllint off the network and no entity is expanded, so a manifest cannot read local files.
 */
export function assertManifestValid(xml: Uint8Array, version: ScormVersion): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'xmllint',
      ['--noout', '--nonet', '--schema', DRIVER_SCHEMAS[version], '-'],
      { maxBuffer: 1024 ** 2 },
      (error, _stdout, stderr) => {
        if (error === null) return resolve();
        if ('code' in error && error.code === 'ENOENT') return reject(new Error('xmllint is not installed: apt-get install -y libxml2-utils'));
        const errors = manifestErrors(stderr);
        reject(
          packageRefusal(
            'MIRAI_ERR_SCORM_MANIFEST_INVALID',
            `imsmanifest.xml does not validate against the SCORM ${version} schemas: ${errors[0] ?? 'xmllint refused it'}`,
            { errors },
          ),
        );
      },
    );
    child.stdin?.end(xml);
  });
}
