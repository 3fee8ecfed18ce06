import { Zip, ZipDeflate } from 'fflate';

const encoder = new TextEncoder();
/** A fixed modification time keeps the same course giving byte-identical packages. */
const MTIME = new Date('2025-01-01T00:00:00Z');

/** A zip written file by file: `add` entries, then `take` the bytes produced so far and yield them. */
export class ZipStream {
  private chunks: Uint8Array[] = [];
  private failure: Error | null = null;
  private readonly zip = new Zip((error, data) => {
    if (error) this.failure = error;
    else this.chunks.push(data);
  });

  add(path: string, content: string | Uint8Array): void {
    const file = new ZipDeflate(path, { level: 6 });
    file.mtime = MTIME;
    this.zip.add(file);
    file.push(typeof content === 'string' ? encoder.encode(content) : content, true);
  }

  end(): void {
    this.zip.end();
  }

  take(): Uint8Array[] {
    if (this.failure !== null) throw this.failure;
    const taken = this.chunks;
    this.chunks = [];
    return taken;
  }
}
