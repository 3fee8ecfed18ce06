import { readdir, readFile } from 'node:fs/promises';
import { contentStylesheet } from '@mirai/export-kit';
import type { ScormVersion } from './sco-page.ts';

export interface StaticFile {
  path: string;
  data: Uint8Array;
}

const read = async (url: URL, path: string): Promise<StaticFile> => ({ path, data: new Uint8Array(await readFile(url)) });

/** What every SCO shares, under `shared/`: the player, export-kit's content stylesheet (as every export has) and the player's own rules. */
export async function playerFiles(): Promise<StaticFile[]> {
  return Promise.all([
    read(new URL('./player/player.js', import.meta.url), 'shared/player.js'),
    contentStylesheet().then((css) => ({ path: 'shared/content.css', data: new TextEncoder().encode(css) })),
    read(new URL('./player/player.css', import.meta.url), 'shared/player.css'),
  ]);
}

/** The official ADL/IMS schemas the manifest's xsi:schemaLocation names, placed at the package root. */
export async function schemaFiles(version: ScormVersion): Promise<StaticFile[]> {
  const folder = new URL(`../schemas/${version === '1.2' ? 'scorm12' : 'scorm2004'}/`, import.meta.url);
  const names = (await readdir(folder)).sort();
  return Promise.all(names.map((name) => read(new URL(name, folder), name)));
}
