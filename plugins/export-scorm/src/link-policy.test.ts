import { dangerousUrlsInPackage, exportedTexts } from '@mirai/export-kit/testing';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';

describe('links in SCORM packages follow the shared URL policy', () => {
  it.each([0, 1])('carries no javascript:, data:, vbscript: or other-host href/src from any payload (exporter %i)', async (index) => {
    const exporter = (await createTestHost(plugin)).extensions('exporter')[index];
    if (exporter === undefined) throw new Error('no exporter');
    expect(await dangerousUrlsInPackage(exporter)).toEqual({});
    const pages = Object.values(await exportedTexts(exporter)).join('\n');
    expect(pages).toContain('href="https://example.org/ok"');
  });
});
