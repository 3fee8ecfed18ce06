import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PLUGIN_ERROR_CODES } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../config/config-variables.ts';
import { REPO_DIR } from '../paths.ts';
import { ERROR_CATALOGUE } from './error-catalogue.ts';

describe('documentation', () => {
  it('documents every error code in docs/errors.md', async () => {
    const doc = await readFile(join(REPO_DIR, 'docs', 'errors.md'), 'utf8');
    const missing = [...Object.keys(ERROR_CATALOGUE), ...Object.keys(PLUGIN_ERROR_CODES)].filter((code) => !doc.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it('uses MIRAI_ERR_<AREA>_<WHAT> codes with client or server statuses', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^MIRAI_ERR_[A-Z][A-Z0-9]*_[A-Z0-9_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('lists every configuration variable in the README', async () => {
    const readme = await readFile(join(REPO_DIR, 'README.md'), 'utf8');
    expect(CONFIG_VARIABLES.filter((variable) => !readme.includes(`\`${variable.name}\``)).map((v) => v.name)).toEqual([]);
  });
});
