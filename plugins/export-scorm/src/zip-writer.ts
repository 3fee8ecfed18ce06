import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/**
 * Streams a zip archive: each added file is compressed at once and its bytes queue up until
 * `drain()` hands them to the caller, so an exporter can yield the package file by file.
 */
export class ZipWriter {
  readonly #zip: Zip;
  #chunks: Uint8Array[] = [];
  #error: Error | null = null;
  readonly paths = new Set<string>();

  constructor() {
    this.#zip = new Zip((error, chunk) => {
      if (error) this.#error = error;
      else this.#chunks.push(chunk);
    });
  }

  /** Adds one file; already-compressed media (images) are stored rather than deflated. */
  add(path: string, data: Uint8Array, options: { compress?: boolean } = {}): void {
    if (this.paths.has(path)) throw new Error(`duplicate path in package: ${path}`);
    this.paths.add(path);
    const file = options.compress === false ? new ZipPassThrough(path) : new ZipDeflate(path, { level: 6 });
    this.#zip.add(file);
    file.push(data, true);
    this.#throwIfFailed();
  }

  addText(path: string, text: string): void {
    this.add(path, new TextEncoder().encode(text));
  }

  end(): void {
    this.#zip.end();
    this.#throwIfFailed();
  }

  /** The archive bytes produced since the last call, as one chunk (empty when there are none). */
  drain(): Uint8Array {
    const chunks = this.#chunks;
    this.#chunks = [];
    if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
    const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  }

  #throwIfFailed(): void {
    if (this.#error !== null) throw this.#error;
  }
}
