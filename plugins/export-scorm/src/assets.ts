import { slugify } from '@mirai/export-kit';

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0): boolean => signature.every((byte, index) => bytes[offset + index] === byte);

/** The file extension for an image, from its bytes first and its storage key second. */
export function imageExtension(bytes: Uint8Array, storageKey: string): string {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66], 4)) return 'avif';
  const head = new TextDecoder().decode(bytes.subarray(0, 256)).trimStart();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'svg';
  const fromKey = /\.([a-z0-9]{2,5})$/i.exec(storageKey)?.[1]?.toLowerCase();
  return fromKey ?? 'bin';
}

/**
 * A collision-free, ASCII path inside the package for the `position`-th distinct asset, with the
 * extension the bytes show: an LMS serves files by extension, and a storage key may have none.
 */
export function scormAssetPath(position: number, storageKey: string, bytes: Uint8Array): string {
  const base = storageKey.split('/').pop() ?? '';
  const name = slugify(base.replace(/\.[a-z0-9]{2,5}$/i, ''), 'image', 40);
  return `assets/${String(position).padStart(3, '0')}-${name}.${imageExtension(bytes, storageKey)}`;
}
