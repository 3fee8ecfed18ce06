/**
 * Writes the sample course as SCORM 1.2 and SCORM 2004 packages, zipped and unzipped:
 *   node plugins/export-scorm/scripts/write-sample-packages.ts <out-dir> [scoPerLesson=true|false]
 * → <out-dir>/scorm12.zip, <out-dir>/scorm12/…, <out-dir>/scorm2004.zip, <out-dir>/scorm2004/…
 * The browser test serves the unzipped folders to the scorm-again runtime.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportPackage } from '@mirai/export-kit/testing';
import { createScormExporter } from '../src/index.ts';
import { sampleCourse, sampleOptions } from '../src/testing/sample-course.ts';

const [outDir, scoPerLesson = 'true'] = process.argv.slice(2);
if (outDir === undefined) {
  console.error('usage: write-sample-packages.ts <out-dir> [scoPerLesson=true|false]');
  process.exit(2);
}

for (const version of ['1.2', '2004'] as const) {
  const exporter = createScormExporter(version);
  const exported = await exportPackage(exporter, sampleCourse, sampleOptions({ scoPerLesson: scoPerLesson !== 'false' }));
  const folder = path.resolve(outDir, exporter.format);
  await mkdir(folder, { recursive: true });
  await writeFile(`${folder}.zip`, exported.zip);
  for (const [name, bytes] of Object.entries(exported.files)) {
    await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await writeFile(path.join(folder, name), bytes);
  }
  for (const event of exported.progress) console.log(`${exporter.format} ${event.percent}% ${event.message}`);
}
