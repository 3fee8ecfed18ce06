import type { CourseDocument, Exporter, ExportOptions } from '@mirai/sdk-plugin';
import { strFromU8, unzipSync } from 'fflate';

export interface ExportedPackage {
  files: Record<string, Uint8Array>;
  text(path: string): string;
  progress: { percent: number; message: string }[];
}

async function concat(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** Runs an exporter to the end and unzips what it wrote. */
export async function exportPackage(
  exporter: Exporter,
  course: CourseDocument,
  options: ExportOptions,
): Promise<ExportedPackage & { zip: Uint8Array }> {
  const progress: ExportedPackage['progress'] = [];
  const zip = await concat(
    exporter.export(course, { ...options, onProgress: (event) => progress.push(event) }, { tenantId: 'tenant-test', config: {} }),
  );
  const files = unzipSync(zip);
  return {
    zip,
    files,
    progress,
    text(path) {
      const file = files[path];
      if (file === undefined) throw new Error(`${path} is not in the package`);
      return strFromU8(file);
    },
  };
}
