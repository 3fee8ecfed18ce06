import { dangerousUrlsInPackage, exportedTexts } from '@mirai/export-kit/testing';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';

describe('links in the package follow the shared URL policy', () => {
  it('carries no javascript:, data:, vbscript: or other-host href/src from any payload', async () => {
    const exporter = (await createTestHost(plugin)).extension('exporter');
    expect(await dangerousUrlsInPackage(exporter)).toEqual({});
    const pages = Object.values(await exportedTexts(exporter)).join('\n');
    expect(pages).toContain('href="https://example.org/ok"');
  });
});
