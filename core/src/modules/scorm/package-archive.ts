import { unzipSync } from 'fflate';
import { packageRefusal } from './package-refusal.ts';

/** How much a package may unpack to; a zip bomb trips one of these before it is inflated. */
export interface PackageLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
  /** Largest uncompressed/compressed ratio of an entry bigger than 1 MiB, and of the whole archive. */
  maxRatio: number;
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 1024 ** 3,
  maxEntryBytes: 512 * 1024 ** 2,
  maxRatio: 200,
};

interface CentralEntry {
  name: string;
  compressedSize: number;
  size: number;
  symlink: boolean;
  directory: boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const UNIX = 3;
const S_IFMT = 0xf000;
const S_IFLNK = 0xa000;
const RATIO_FLOOR_BYTES = 1024 ** 2;

function endOfCentralDirectory(zip: DataView): number {
  for (let at = zip.byteLength - 22; at >= Math.max(0, zip.byteLength - 22 - 0xffff); at--) if (zip.getUint32(at, true) === EOCD) return at;
  throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_UNREADABLE', 'The file is not a zip archive');
}

/** Reads the central directory, where sizes, names and Unix modes (symlinks) are declared. */
function centralEntries(bytes: Uint8Array, limits: PackageLimits): CentralEntry[] {
  const zip = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = endOfCentralDirectory(zip);
  const count = zip.getUint16(eocd + 10, true);
  if (count === 0xffff || zip.getUint32(eocd + 16, true) === 0xffffffff)
    throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE', 'ZIP64 archives are not accepted', { limit: 'zip64' });
  if (count > limits.maxEntries)
    throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE', `The archive has ${count} entries; at most ${limits.maxEntries} are accepted`, {
      limit: 'entries',
    });
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const entries: CentralEntry[] = [];
  let at = zip.getUint32(eocd + 16, true);
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.byteLength || zip.getUint32(at, true) !== CENTRAL)
      throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_UNREADABLE', 'The zip central directory is damaged');
    const madeBy = zip.getUint16(at + 4, true) >> 8;
    const nameLength = zip.getUint16(at + 28, true);
    const mode = zip.getUint32(at + 38, true) >>> 16;
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.push({
      name,
      compressedSize: zip.getUint32(at + 20, true),
      size: zip.getUint32(at + 24, true),
      symlink: madeBy === UNIX && (mode & S_IFMT) === S_IFLNK,
      directory: name.endsWith('/'),
    });
    at += 46 + nameLength + zip.getUint16(at + 30, true) + zip.getUint16(at + 32, true);
  }
  return entries;
}

/** Why a name may not be written anywhere: it leaves the package folder or is not a plain relative path. */
export function unsafePathReason(name: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character';
  if (name.includes('\\')) return 'uses a backslash';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'is absolute';
  if (name.split('/').some((segment) => segment === '..')) return 'climbs out of the package with ".."';
  const path = name.endsWith('/') ? name.slice(0, -1) : name;
  if (path.split('/').some((segment) => segment === '' || segment === '.')) return 'is not a normalised path (empty or "." segment)';
  return null;
}

function assertSafe(entries: CentralEntry[], archiveBytes: number, limits: PackageLimits): void {
  const seen = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    const reason = unsafePathReason(entry.name);
    if (reason !== null) throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_UNSAFE', `The entry "${entry.name}" ${reason}`, { entry: entry.name });
    if (entry.symlink) throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_UNSAFE', `The entry "${entry.name}" is a symbolic link`, { entry: entry.name });
    if (seen.has(entry.name))
      throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_UNSAFE', `The entry "${entry.name}" appears twice`, { entry: entry.name });
    seen.add(entry.name);
    if (entry.size > limits.maxEntryBytes)
      throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE', `"${entry.name}" unpacks to ${entry.size} bytes; at most ${limits.maxEntryBytes}`, {
        limit: 'entryBytes',
        entry: entry.name,
      });
    if (entry.size > RATIO_FLOOR_BYTES && entry.size / Math.max(1, entry.compressedSize) > limits.maxRatio)
      throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE', `"${entry.name}" is compressed more than ${limits.maxRatio}:1`, {
        limit: 'ratio',
        entry: entry.name,
      });
    total += entry.size;
  }
  if (total > limits.maxTotalBytes)
    throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE', `The package unpacks to ${total} bytes; at most ${limits.maxTotalBytes}`, {
      limit: 'totalBytes',
    });
  if (total > RATIO_FLOOR_BYTES && total / Math.max(1, archiveBytes) > limits.maxRatio)
    throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE', `The package is compressed more than ${limits.maxRatio}:1`, { limit: 'ratio' });
}

/**
 * Unpacks a package after checking its declared names and sizes. fflate inflates each entry into
 * a buffer of its declared size, so an entry lying about its size cannot grow past the limits.
 */
export function unpackPackage(bytes: Uint8Array, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Map<string, Uint8Array> {
  const entries = centralEntries(bytes, limits);
  assertSafe(entries, bytes.byteLength, limits);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => !file.name.endsWith('/') });
  } catch (error) {
    throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_UNREADABLE', `The zip archive could not be unpacked: ${(error as Error).message}`);
  }
  const declared = new Map(entries.map((entry) => [entry.name, entry.size]));
  const unpacked = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    if (declared.get(name) !== data.length)
      throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_UNREADABLE', `"${name}" does not unpack to its declared size`, { entry: name });
    unpacked.set(name, data);
  }
  return unpacked;
}
