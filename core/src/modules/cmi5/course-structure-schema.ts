import { fileURLToPath } from 'node:url';
import { xsdProblems } from '../scorm/xsd-validation.ts';
import { cmi5Refusal } from './cmi5-refusal.ts';

/** The cmi5 working group's schema, copied unchanged from ../shared/standards (see core/schemas/STANDARDS-README.md). */
const SCHEMA_FOLDER = fileURLToPath(new URL('../../../schemas/cmi5/', import.meta.url));

/**
 * Validates cmi5.xml against CourseStructure.xsd with libxml2's xmllint (as WebAssembly, see
 * ../scorm/xsd-validation.ts), as package-check does for imsmanifest.xml: no network, no host
 * file and no entity expansion, so the document cannot read local files.
 */
export async function assertCourseStructureValid(xml: Uint8Array): Promise<void> {
  const errors = await xsdProblems(xml, 'cmi5.xml', SCHEMA_FOLDER, 'CourseStructure.xsd');
  if (errors.length === 0) return;
  throw cmi5Refusal('MIRAI_ERR_CMI5_STRUCTURE_INVALID', `cmi5.xml does not validate against the cmi5 CourseStructure.xsd: ${errors[0]}`, {
    errors,
  });
}
