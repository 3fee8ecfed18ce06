import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportPackage, MP4_BYTES, mediaCourse, readMediaAsset, VTT_TEXT } from '@mirai/export-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createScormExporter } from './index.ts';
import { validatePackageManifest } from './testing/manifest-validation.ts';

const workDir = await mkdtemp(path.join(tmpdir(), 'export-scorm-media-'));
afterAll(() => rm(workDir, { recursive: true, force: true }));

describe('SCORM packages with media and attachment blocks', () => {
  for (const version of ['1.2', '2004'] as const) {
    it(`SCORM ${version}: carries the recording, captions and attachment, lists them in the manifest, and validates`, async () => {
      const exported = await exportPackage(createScormExporter(version), mediaCourse, { settings: {}, readAsset: readMediaAsset });
      const assets = Object.keys(exported.files).filter((name) => name.startsWith('assets/'));
      expect(assets.map((name) => name.replace(/^assets\/\d+-/, '')).sort()).toEqual(['checklist.pdf', 'safe-lift.mp4', 'safe-lift.vtt']);
      const video = assets.find((name) => name.endsWith('.mp4')) ?? '';
      const captions = assets.find((name) => name.endsWith('.vtt')) ?? '';
      expect(exported.files[video]).toEqual(MP4_BYTES);
      expect(exported.text(captions)).toBe(VTT_TEXT);

      const manifest = exported.text('imsmanifest.xml');
      for (const file of assets) expect(manifest).toContain(`<file href="${file}"/>`);
      const page = Object.keys(exported.files).find((name) => name.startsWith('content/') && name.endsWith('.html')) ?? '';
      const html = exported.text(page);
      expect(html).toContain(
        `<video controls preload="metadata" src="../${video}"><track kind="captions" src="../${captions}" srclang="en" label="English" default>`,
      );
      expect(html).toContain('<p>Keep the &lt;load&gt; close.</p>');
      // A package loads nothing from the network: the YouTube video is a link out, never a frame.
      expect(html).not.toContain('<iframe');
      expect(html).toContain('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"');
      expect(html).toContain('Recording unavailable: Briefing');

      const result = await validatePackageManifest(exported.files, path.join(workDir, version), version);
      expect(result, result.output).toMatchObject({ ok: true });
    });
  }
});
