import { manifestVersion, readManifest, type ScormManifest } from './manifest-model.ts';
import { assertManifestValid } from './manifest-schema.ts';
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits, unpackPackage, unsafePathReason } from './package-archive.ts';
import { packageRefusal } from './package-refusal.ts';

export interface CheckedPackage {
  manifest: ScormManifest;
  files: Map<string, Uint8Array>;
}

const MAX_LISTED_MISSING = 50;

/** A manifest href as a package path: no query or fragment, percent-decoding undone; null for an outside URL. */
function packagePath(href: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null;
  const path = href.split(/[?#]/)[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function referencedFiles(manifest: ScormManifest): string[] {
  const hrefs = manifest.resources.flatMap((resource) => [...(resource.href === null ? [] : [resource.href]), ...resource.files]);
  return [...new Set(hrefs.flatMap((href) => packagePath(href) ?? []))];
}

/**
 * Everything Mirai requires of a SCORM package before any of it is stored: a safe archive
 * (package-archive.ts), imsmanifest.xml at the root and valid against the ADL schemas, and every
 * file the manifest references present in the archive.
 */
export async function checkPackage(zip: Uint8Array, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Promise<CheckedPackage> {
  const files = unpackPackage(zip, limits);
  const manifestBytes = files.get('imsmanifest.xml');
  if (manifestBytes === undefined)
    throw packageRefusal(
      'MIRAI_ERR_SCORM_MANIFEST_MISSING',
      "The package has no imsmanifest.xml at its root (zip the package folder's contents, not the folder)",
    );
  const xml = new TextDecoder().decode(manifestBytes);
  const version = manifestVersion(xml);
  await assertManifestValid(manifestBytes, version);
  const manifest = readManifest(xml);
  const referenced = referencedFiles(manifest);
  const unsafe = referenced.find((path) => unsafePathReason(path) !== null);
  if (unsafe !== undefined)
    throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_UNSAFE', `imsmanifest.xml references "${unsafe}", which ${unsafePathReason(unsafe)}`, {
      file: unsafe,
    });
  const missing = referenced.filter((path) => !files.has(path));
  if (missing.length > 0)
    throw packageRefusal(
      'MIRAI_ERR_SCORM_FILE_MISSING',
      `imsmanifest.xml references ${missing.length} file(s) the package does not contain: ${missing.slice(0, 5).join(', ')}`,
      { files: missing.slice(0, MAX_LISTED_MISSING) },
    );
  return { manifest, files };
}
