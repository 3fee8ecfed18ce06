import type { Block } from '@mirai/sdk-plugin';
import { assetPath } from './package-paths.ts';

/** Zip paths of the images a lesson shows, by storage key; `null` when storage has no such asset. */
export type AssetPaths = ReadonlyMap<string, string | null>;

/** The zip path of the `position`-th distinct asset (missing ones count too). */
export type AssetNamer = (position: number, storageKey: string, bytes: Uint8Array) => string;

/** Reads each image once, however many lessons show it, and hands new files to `write`. */
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
    for (const block of blocks) {
      if (block.type !== 'image' || this.paths.has(block.storageKey)) continue;
      const bytes = await this.readAsset(block.storageKey);
      const path = bytes === null ? null : this.name(this.paths.size + 1, block.storageKey, bytes);
      if (bytes !== null && path !== null) this.write(path, bytes);
      this.paths.set(block.storageKey, path);
    }
    return this.paths;
  }
}
