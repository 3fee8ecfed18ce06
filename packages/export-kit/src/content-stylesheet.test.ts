import { describe, expect, it } from 'vitest';
import { contentBlockHtml } from './block-html.ts';
import { contentStylesheet } from './content-stylesheet.ts';

describe('contentStylesheet', () => {
  it('styles the callouts and missing images the shared block HTML renders', async () => {
    const css = await contentStylesheet();
    const html = [
      contentBlockHtml({ id: 'c', type: 'callout', tone: 'tip', markdown: 'x' }, { assets: new Map() }),
      contentBlockHtml({ id: 'w', type: 'callout', tone: 'warning', markdown: 'x' }, { assets: new Map() }),
      contentBlockHtml({ id: 'i', type: 'image', storageKey: 'k', alt: 'a' }, { assets: new Map([['k', null]]) }),
    ].join('\n');
    for (const name of ['callout', 'callout-tip', 'callout-warning', 'callout-label', 'image-missing']) {
      expect(html).toMatch(new RegExp(`class="[^"]*\\b${name}\\b`));
      expect(css).toMatch(new RegExp(`\\.${name}\\s*\\{`));
    }
  });

  it('loads nothing from the network, since packages are read offline', async () => {
    expect(await contentStylesheet()).not.toMatch(/url\(|@import/);
  });
});
