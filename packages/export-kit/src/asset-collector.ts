import { type Block, blockStorageKeys } from '@mirai/sdk-plugin';
import { assetPath } from './package-paths.ts';

/** Zip paths of the files a lesson shows or offers (images, recordings, captions, attachments), by storage key; `null` when storage has no such asset. */
export type AssetPaths = ReadonlyMap<string, string | null>;

/** The zip path of the `position`-th distinct asset (missing ones count too). */
export type AssetNamer = (position: number, storageKey: string, bytes: Uint8Array) => string;

/** Reads each stored file once, however many lessons use it, and hands new files to `write`. */
export class AssetCollector {
  private readonly paths = new Map<string, string | null>();
  private readonly readAsset: (storageKey: string) => Promise<Uint8Array | null>;
  private readonly write: (path: string, bytes: Uint8Array) => void;
  private readonly name: AssetNamer;

  constructor(
    readAsset: (storageKey: string) => Promise<Uint8Array | null>,
    write: (path: string, bytes: Uint8Array) => void,
    name: AssetNamer = (position, storageKey) => assetPath(position, storageKey),
  ) {
    this.readAsset = readAsset;
    this.write = write;
    this.name = name;
  }

  async collect(blocks: Block[]): Promise<AssetPaths> {
    for (const storageKey of blocks.flatMap(blockStorageKeys)) {
      if (this.paths.has(storageKey)) continue;
      const bytes = await this.readAsset(storageKey);
      const path = bytes === null ? null : this.name(this.paths.size + 1, storageKey, bytes);
      if (bytes !== null && path !== null) this.write(path, bytes);
      this.paths.set(storageKey, path);
    }
    return this.paths;
  }
}
