import { execFile } from 'node:child_process';

export interface XmllintResult {
  ok: boolean;
  output: string;
}

/** Validates an XML file against an XSD with xmllint (Debian package libxml2-utils). */
export function xmllintValidate(xmlPath: string, schemaPath: string): Promise<XmllintResult> {
  return new Promise((resolve, reject) => {
    execFile('xmllint', ['--noout', '--schema', schemaPath, xmlPath], (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (error === null) {
        resolve({ ok: true, output });
      } else if ('code' in error && error.code === 'ENOENT') {
        reject(new Error('xmllint is not installed: install libxml2-utils (apt-get install -y libxml2-utils) to validate SCORM manifests'));
      } else {
        resolve({ ok: false, output });
      }
    });
  });
}
