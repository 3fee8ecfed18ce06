import { readFile } from 'node:fs/promises';

let stylesheet: Promise<string> | undefined;

/** `styles/content.css`, read once: what every exported page shares. An exporter appends its own rules. */
export function contentStylesheet(): Promise<string> {
  stylesheet ??= readFile(new URL('./styles/content.css', import.meta.url), 'utf8');
  return stylesheet;
}
