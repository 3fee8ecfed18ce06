const RFC5987_EXTRA = /['()*]/g;

/**
 * `attachment` with the file name twice (RFC 6266): an ASCII fallback in `filename` for old
 * clients and the exact UTF-8 name in `filename*`. The header stays pure ASCII.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(RFC5987_EXTRA, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
