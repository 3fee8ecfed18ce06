// Exports a course document (JSON) with the cmi5 exporter and unpacks the package into a directory:
//   node plugins/export-cmi5/scripts/write-package.ts <course.json> <out-dir> [settings.json]
// The real-browser test uses it to serve AUs; it is also handy for trying a package in an LMS.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CourseDocument, ExportOptions } from '@mirai/sdk-plugin';
import { unzipSync } from 'fflate';
import { cmi5Exporter } from '../src/cmi5-exporter.ts';

const [coursePath, outDir, settingsPath] = process.argv.slice(2);
if (coursePath === undefined || outDir === undefined) {
  console.error('usage: write-package.ts <course.json> <out-dir> [settings.json]');
  process.exit(2);
}
const course = JSON.parse(readFileSync(coursePath, 'utf8')) as CourseDocument;
const settings = (settingsPath === undefined ? {} : JSON.parse(readFileSync(settingsPath, 'utf8'))) as ExportOptions['settings'];
const chunks: Uint8Array[] = [];
for await (const chunk of cmi5Exporter.export(course, { settings, readAsset: async () => null }, { tenantId: 'write-package', config: {} }))
  chunks.push(chunk);
for (const [name, bytes] of Object.entries(unzipSync(Buffer.concat(chunks)))) {
  const target = path.resolve(outDir, name);
  if (!target.startsWith(path.resolve(outDir) + path.sep)) throw new Error(`refusing to write ${name} outside ${outDir}`);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}
console.log(`wrote ${outDir}`);
