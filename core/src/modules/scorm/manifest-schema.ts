import { fileURLToPath } from 'node:url';
import { packageRefusal } from './package-refusal.ts';
import { xsdProblems } from './xsd-validation.ts';

export type ScormVersion = '1.2' | '2004';

/** The ADL schemas, copied unchanged from ../shared/standards (see core/schemas/STANDARDS-README.md), and each version's driver. */
const SCHEMAS: Record<ScormVersion, { folder: string; driver: string }> = {
  '1.2': { folder: fileURLToPath(new URL('../../../schemas/scorm12/', import.meta.url)), driver: 'scorm12.xsd' },
  '2004': { folder: fileURLToPath(new URL('../../../schemas/scorm2004/', import.meta.url)), driver: 'scorm2004.xsd' },
};

/**
 * Validates imsmanifest.xml against the official XSDs with libxml2's xmllint (as WebAssembly, see
 * xsd-validation.ts): no network and no host file is reachable, and no entity is expanded, so a
 * manifest cannot read local files.
 */
export async function assertManifestValid(xml: Uint8Array, version: ScormVersion): Promise<void> {
  const { folder, driver } = SCHEMAS[version];
  const errors = await xsdProblems(xml, 'imsmanifest.xml', folder, driver);
  if (errors.length === 0) return;
  throw packageRefusal('MIRAI_ERR_SCORM_MANIFEST_INVALID', `imsmanifest.xml does not validate against the SCORM ${version} schemas: ${errors[0]}`, {
    errors,
  });
}
