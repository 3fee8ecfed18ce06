import { exportPackage, MP4_BYTES, mediaCourse, readMediaAsset } from '@mirai/export-kit/testing';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { CMI5_SCHEMA, validateAgainstSchema } from './testing/xmllint-validation.ts';

describe('cmi5 packages with media and attachment blocks', () => {
  it('carries the recording, captions and attachment, frames the embed from its player, and still validates', async () => {
    const exporter = (await createTestHost(plugin)).extension('exporter');
    const exported = await exportPackage(exporter, mediaCourse, { settings: {}, readAsset: readMediaAsset });
    const assets = Object.keys(exported.files).filter((name) => name.startsWith('assets/'));
    expect(assets.sort()).toEqual(['assets/1-safe-lift.mp4', 'assets/2-safe-lift.vtt', 'assets/4-checklist.pdf']);
    expect(exported.files['assets/1-safe-lift.mp4']).toEqual(MP4_BYTES);
    const page = Object.keys(exported.files).find((name) => name.endsWith('.html')) ?? '';
    const html = exported.text(page);
    expect(html).toContain('<track kind="captions" src="assets/2-safe-lift.vtt" srclang="en" label="English" default>');
    expect(html).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    expect(html).toContain('sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"');
    expect(html).toContain('<a href="assets/4-checklist.pdf" download="checklist.pdf">checklist.pdf</a>');
    const verdict = await validateAgainstSchema(exported.text('cmi5.xml'), CMI5_SCHEMA);
    expect(verdict.valid, verdict.output).toBe(true);
  });
});
