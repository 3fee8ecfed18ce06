import { exportPackage, mediaCourse, PDF_BYTES, readMediaAsset } from '@mirai/export-kit/testing';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';

describe('HTML sites with media and attachment blocks', () => {
  it('carries the files it plays and links, and links out to the embed (players refuse file://)', async () => {
    const exporter = (await createTestHost(plugin)).extension('exporter');
    const exported = await exportPackage(exporter, mediaCourse, { settings: {}, readAsset: readMediaAsset });
    expect(exported.files['assets/4-checklist.pdf']).toEqual(PDF_BYTES);
    const page = Object.keys(exported.files).find((name) => name.startsWith('m01-')) ?? '';
    const html = exported.text(page);
    expect(html).toContain('<video controls preload="metadata" src="assets/1-safe-lift.mp4"><track kind="captions" src="assets/2-safe-lift.vtt"');
    expect(html).not.toContain('<iframe');
    expect(html).toContain('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" target="_blank" rel="noopener noreferrer"');
    const targets = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((match) => match[1] ?? '');
    for (const target of targets.filter((t) => !/^(https?:|mailto:|#)/.test(t))) expect(Object.keys(exported.files)).toContain(target);
  });
});
