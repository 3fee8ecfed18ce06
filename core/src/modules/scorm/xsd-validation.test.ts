import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { xsdProblems } from './xsd-validation.ts';

const SCORM12 = fileURLToPath(new URL('../../../schemas/scorm12/', import.meta.url));
const bytes = (text: string) => new TextEncoder().encode(text);
const manifest = (body: string) =>
  bytes(`<?xml version="1.0"?>\n<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" identifier="m">${body}</manifest>\n`);

describe('xsdProblems (xmllint as WebAssembly)', () => {
  it('accepts a valid document and names the line of a schema violation', async () => {
    expect(await xsdProblems(manifest('<organizations/><resources/>'), 'imsmanifest.xml', SCORM12, 'scorm12.xsd')).toEqual([]);
    const problems = await xsdProblems(manifest('<resources/>'), 'imsmanifest.xml', SCORM12, 'scorm12.xsd');
    expect(problems[0]).toMatch(/^imsmanifest\.xml:2: .*organizations/);
  });

  it('reports a document that is not well-formed as the document’s fault, not as a failure', async () => {
    const problems = await xsdProblems(bytes('<manifest><organizations></manifest>'), 'imsmanifest.xml', SCORM12, 'scorm12.xsd');
    expect(problems[0]).toMatch(/^imsmanifest\.xml:1: parser error : .*mismatch/);
  });

  it('never reads a host file through an external entity', async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE manifest [<!ENTITY x SYSTEM "file://${fileURLToPath(import.meta.url)}">]>\n<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" identifier="m">&x;</manifest>\n`;
    const problems = await xsdProblems(bytes(xml), 'imsmanifest.xml', SCORM12, 'scorm12.xsd');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).not.toContain('never reads a host file');
  });

  it('fails, rather than refusing the document, when the driver schema is missing', async () => {
    await expect(xsdProblems(manifest(''), 'imsmanifest.xml', SCORM12, 'nothing.xsd')).rejects.toThrow(/nothing\.xsd is not in/);
  });
});
