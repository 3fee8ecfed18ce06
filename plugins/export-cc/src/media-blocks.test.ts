import { exportPackage, mediaCourse, readMediaAsset } from '@mirai/export-kit/testing';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { xmllintProblems } from './testing/xmllint-wellformed.ts';

describe('Common Cartridges with media and attachment blocks', () => {
  it('puts the recording, captions and attachment under web_resources, lists them in the manifest, and stays well-formed', async () => {
    const exporter = (await createTestHost(plugin)).extension('exporter');
    const exported = await exportPackage(exporter, mediaCourse, { settings: {}, readAsset: readMediaAsset });
    const resources = Object.keys(exported.files).filter((name) => /^web_resources\/assets\//.test(name));
    expect(resources.sort()).toEqual([
      'web_resources/assets/1-safe-lift.mp4',
      'web_resources/assets/2-safe-lift.vtt',
      'web_resources/assets/4-checklist.pdf',
    ]);
    const manifest = exported.text('imsmanifest.xml');
    for (const file of resources) expect(manifest).toContain(`<file href="${file}"/>`);
    expect(await xmllintProblems(manifest)).toBe('');
    const page = Object.keys(exported.files).find((name) => name.endsWith('.html')) ?? '';
    const html = exported.text(page);
    expect(html).toContain('src="../web_resources/assets/1-safe-lift.mp4"');
    expect(html).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    expect(html).toContain('<details class="transcript"><summary>Transcript</summary>');
  });
});
