import { DEFAULT_PACKAGE_LIMITS, type PackageLimits, unpackPackage, unsafePathReason } from '../scorm/package-archive.ts';
import { cmi5Refusal } from './cmi5-refusal.ts';
import { type CourseStructure, readCourseStructure } from './course-structure.ts';
import { assertCourseStructureValid } from './course-structure-schema.ts';

export interface CheckedCmi5Package {
  structure: CourseStructure;
  /** Empty when the upload was a bare cmi5.xml whose AUs all live elsewhere. */
  files: Map<string, Uint8Array>;
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b;

/** The package path of a relative AU URL (no query or fragment, percent-decoding undone). */
export function auPackagePath(url: string): string {
  const path = url.split(/[?#]/)[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export const isAbsoluteUrl = (url: string) => /^[a-z][a-z0-9+.-]*:/i.test(url);

/** Relative AUs must be in the package; absolute ones must be https (the AU then runs outside Mirai's content origin). */
function checkAuUrls(structure: CourseStructure, files: Map<string, Uint8Array>, bare: boolean): void {
  for (const au of structure.aus) {
    if (isAbsoluteUrl(au.url)) {
      if (!au.url.toLowerCase().startsWith('https://'))
        throw cmi5Refusal('MIRAI_ERR_CMI5_AU_URL_REFUSED', `AU "${au.title}" has the URL ${au.url}; an absolute AU URL must be https`, {
          au: au.iri,
        });
      continue;
    }
    const path = auPackagePath(au.url);
    const unsafe = unsafePathReason(path);
    if (unsafe !== null)
      throw cmi5Refusal('MIRAI_ERR_CMI5_AU_URL_REFUSED', `AU "${au.title}" has the URL "${au.url}", which ${unsafe}`, { au: au.iri });
    if (!files.has(path))
      throw cmi5Refusal(
        'MIRAI_ERR_CMI5_FILE_MISSING',
        bare
          ? `AU "${au.title}" has the relative URL "${au.url}" but a bare cmi5.xml brings no files; upload a zip with the AU files`
          : `AU "${au.title}" launches "${au.url}", which the package does not contain`,
        { au: au.iri, files: [path] },
      );
  }
}

/**
 * Everything Mirai requires of a cmi5 upload before any of it is stored: a safe zip with cmi5.xml
 * at its root (or a bare cmi5.xml), valid against CourseStructure.xsd, with at least one AU and
 * every AU URL either in the package or absolute https.
 */
export async function checkCmi5Package(bytes: Uint8Array, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Promise<CheckedCmi5Package> {
  const bare = !isZip(bytes);
  const files = bare ? new Map<string, Uint8Array>() : unpackPackage(bytes, limits);
  const xml = bare ? bytes : files.get('cmi5.xml');
  if (xml === undefined)
    throw cmi5Refusal(
      'MIRAI_ERR_CMI5_STRUCTURE_MISSING',
      "The package has no cmi5.xml at its root (zip the course folder's contents, not the folder)",
    );
  await assertCourseStructureValid(xml);
  const structure = readCourseStructure(new TextDecoder().decode(xml));
  checkAuUrls(structure, files, bare);
  return { structure, files };
}
