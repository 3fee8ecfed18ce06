import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { MiraiError } from '../../errors/mirai-error.ts';
import { checkPackage } from './package-check.ts';
import { THIRD_PARTY_SCORM, zipScormFolder } from './testing/scorm-fixtures.ts';

async function refusal(zip: Uint8Array): Promise<MiraiError> {
  const error = await checkPackage(zip).then(
    () => null,
    (e: unknown) => e as MiraiError,
  );
  if (error === null) throw new Error('the package was accepted');
  return error;
}

const S_IFLNK = 0o120777;

describe('SCORM package check', () => {
  it('accepts the third-party Golf samples (SCORM 1.2 and 2004 3rd edition)', async () => {
    const v12 = await checkPackage(zipScormFolder(THIRD_PARTY_SCORM.scorm12));
    expect(v12.manifest).toMatchObject({
      version: '1.2',
      identifier: 'com.scorm.golfsamples.runtime.basicruntime.12',
      title: 'Golf Explained - Run-time Basic Calls',
    });
    expect(v12.manifest.scos).toEqual([
      { identifier: 'item_1', title: 'Golf Explained', resource: 'resource_1', launch: 'shared/launchpage.html', masteryScore: null },
    ]);
    const v2004 = await checkPackage(zipScormFolder(THIRD_PARTY_SCORM.scorm2004));
    expect(v2004.manifest.version).toBe('2004');
    expect(v2004.files.has('shared/launchpage.html')).toBe(true);
  });

  it('refuses zip-slip entries: "..", absolute paths and symbolic links', async () => {
    const base = (extra: Record<string, Uint8Array | [Uint8Array, { os: number; attrs: number }]>) =>
      zipScormFolder(THIRD_PARTY_SCORM.scorm12, (files) => Object.assign(files, extra));
    const climbing = await refusal(base({ '../../etc/cron.d/evil': strToU8('x') }));
    expect(climbing.code).toBe('MIRAI_ERR_SCORM_PACKAGE_UNSAFE');
    expect(climbing.extensions).toEqual({ entry: '../../etc/cron.d/evil' });
    expect((await refusal(base({ '/tmp/evil': strToU8('x') }))).message).toContain('is absolute');
    const link = zipSync({ 'imsmanifest.xml': [strToU8('/etc/passwd'), { os: 3, attrs: S_IFLNK << 16 }] });
    const symlink = await refusal(link);
    expect(symlink.code).toBe('MIRAI_ERR_SCORM_PACKAGE_UNSAFE');
    expect(symlink.message).toContain('symbolic link');
  });

  it('refuses a zip bomb by its declared ratio before inflating it', async () => {
    const bomb = zipSync({ 'imsmanifest.xml': new Uint8Array(8 * 1024 ** 2) }, { level: 9 });
    expect(bomb.length).toBeLessThan(40_000);
    const error = await refusal(bomb);
    expect(error.code).toBe('MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE');
    expect(error.extensions).toMatchObject({ limit: 'ratio' });
  });

  it('refuses too many entries and too many bytes with the limit named', async () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, strToU8('x')]));
    const entries = await checkPackage(zipSync(many), { maxEntries: 20, maxTotalBytes: 1e9, maxEntryBytes: 1e9, maxRatio: 200 }).catch(
      (e: MiraiError) => e,
    );
    expect(entries).toMatchObject({ code: 'MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE', extensions: { limit: 'entries' } });
    const zip = zipScormFolder(THIRD_PARTY_SCORM.scorm12);
    const bytes = await checkPackage(zip, { maxEntries: 1000, maxTotalBytes: 100_000, maxEntryBytes: 1e9, maxRatio: 200 }).catch(
      (e: MiraiError) => e,
    );
    expect(bytes).toMatchObject({ code: 'MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE', extensions: { limit: 'totalBytes' } });
  });

  it('refuses a package missing a file the manifest references, naming it', async () => {
    const error = await refusal(zipScormFolder(THIRD_PARTY_SCORM.scorm12, (files) => delete files['Playing/Par.html']));
    expect(error.code).toBe('MIRAI_ERR_SCORM_FILE_MISSING');
    expect(error.extensions).toEqual({ files: ['Playing/Par.html'] });
    expect(error.fieldErrors[0]?.field).toBe('/body/uploadId');
  });

  it('refuses a manifest the SCORM schemas reject, with xmllint’s line', async () => {
    const error = await refusal(
      zipScormFolder(THIRD_PARTY_SCORM.scorm12, (files) => {
        const xml = new TextDecoder().decode(files['imsmanifest.xml']);
        files['imsmanifest.xml'] = strToU8(
          xml.replace('<organizations default', '<organisations default').replace('</organizations>', '</organisations>'),
        );
      }),
    );
    expect(error.code).toBe('MIRAI_ERR_SCORM_MANIFEST_INVALID');
    expect(String((error.extensions.errors as string[])[0])).toMatch(/^imsmanifest\.xml:\d+: .*organisations/);
  });

  it('refuses a package without imsmanifest.xml at its root, and a file that is not a zip', async () => {
    expect((await refusal(zipSync({ 'course/imsmanifest.xml': strToU8('<manifest/>') }))).code).toBe('MIRAI_ERR_SCORM_MANIFEST_MISSING');
    expect((await refusal(strToU8('%PDF-1.7 not a zip'))).code).toBe('MIRAI_ERR_SCORM_PACKAGE_UNREADABLE');
  });
});
