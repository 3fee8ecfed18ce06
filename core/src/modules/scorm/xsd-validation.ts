import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memoryPages, validateXML, type XMLFileInfo } from 'xmllint-wasm';

/**
 * XSD validation with libxml2's xmllint compiled to WebAssembly (the npm package xmllint-wasm), so
 * the server image needs no system xmllint. The document and the schemas live only in the
 * module's in-memory file system, and the build has no HTTP or FTP client: no host file and no
 * network address can be reached (what `--nonet` did for the system xmllint). No entity is expanded
 * (no `--noent`).
 *
 * Pinned to 4.0.2 (libxml2 2.10): 5.x builds libxml2 2.13, whose stricter determinism check refuses
 * to compile ADL's SCORM 1.2 metadata schema (imsmd_rootv1p2p1.xsd, an optional element before an
 * `##any` wildcard), and the schemas are copied unchanged from the publishers.
 */

const MAX_REPORTED_ERRORS = 20;
/** libxml2's tree of a large manifest takes several times its size; the package's default cap (32 MiB) is too little past a few MB. */
const MAX_MEMORY_PAGES = 512 * memoryPages.MiB;

const schemaSets = new Map<string, Promise<XMLFileInfo[]>>();

/** Every file of a schema folder (the driver XSD, what it imports and includes, their DTDs), read once. */
function schemaSet(folder: string): Promise<XMLFileInfo[]> {
  let files = schemaSets.get(folder);
  if (files === undefined) {
    files = readdir(folder).then((names) =>
      Promise.all(names.sort().map(async (fileName) => ({ fileName, contents: await readFile(join(folder, fileName), 'utf8') }))),
    );
    files.catch(() => schemaSets.delete(folder));
    schemaSets.set(folder, files);
  }
  return files;
}

/**
 * Validates `xml` against `driver` (a file of `folder`). Resolves with xmllint's lines about the
 * document, each `<documentName>:<line>: ...`, at most 20; an empty list when it validates.
 * Rejects when xmllint fails for another reason than the document (a schema that does not compile).
 * The module reads UTF-8 only, as the rest of the import does (manifest-model.ts decodes UTF-8).
 */
export async function xsdProblems(xml: Uint8Array, documentName: string, folder: string, driver: string): Promise<string[]> {
  const schemas = await schemaSet(folder);
  const driverFile = schemas.find((file) => file.fileName === driver);
  if (driverFile === undefined) throw new Error(`${driver} is not in ${folder}`);
  const documentLines = (output: string) => output.split('\n').filter((line) => line.startsWith(`${documentName}:`));
  const result = await validateXML({
    xml: { fileName: documentName, contents: new TextDecoder().decode(xml) },
    schema: driverFile,
    preload: schemas.filter((file) => file !== driverFile),
    maxMemoryPages: MAX_MEMORY_PAGES,
  }).catch((error: unknown) => {
    // A document that is not well-formed ends xmllint with exit code 1, which the package rejects
    // with xmllint's output as the message: that is the document's fault, so it is reported like
    // a schema violation. Anything else (a schema that does not compile, no memory) is Mirai's.
    const lines = error instanceof Error ? documentLines(error.message) : [];
    if (lines.length === 0) throw error;
    return { valid: false, rawOutput: lines.join('\n') };
  });
  if (result.valid) return [];
  const lines = documentLines(result.rawOutput);
  // Not valid, yet no line names the document: report xmllint's own words rather than nothing.
  return (lines.length > 0 ? lines : [result.rawOutput.trim() || 'xmllint refused it']).slice(0, MAX_REPORTED_ERRORS);
}
