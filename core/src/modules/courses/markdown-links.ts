import type { Block } from '@mirai/sdk-plugin';
import { safeUrl } from '@mirai/url-policy';
import { Lexer, type Token } from 'marked';
import { MiraiError } from '../../errors/mirai-error.ts';

/** A link, image or reference definition the URL policy refuses, and what its source becomes. */
interface Unsafe {
  raw: string;
  replacement: string;
}

function unsafeTokens(tokens: readonly Token[] | undefined, found: Unsafe[]): void {
  for (const token of tokens ?? []) {
    // A link keeps its label, an image its alt text; a reference definition goes, leaving `[x][1]` as text.
    if (token.type === 'def' && safeUrl(token.href) === null) {
      found.push({ raw: token.raw, replacement: '' });
      continue;
    }
    if ((token.type === 'link' || token.type === 'image') && safeUrl(token.href) === null) {
      found.push({ raw: token.raw, replacement: token.text });
      continue;
    }
    if ('tokens' in token) unsafeTokens(token.tokens, found);
    if (token.type === 'list') for (const item of token.items) unsafeTokens(item.tokens, found);
    if (token.type === 'table') for (const cell of [...token.header, ...token.rows.flat()]) unsafeTokens(cell.tokens, found);
  }
}

function findUnsafe(markdown: string): Unsafe[] {
  const found: Unsafe[] = [];
  unsafeTokens(Lexer.lex(markdown, { gfm: true }), found);
  return found;
}

/**
 * Markdown with every link, image and reference definition whose destination the shared URL policy
 * refuses turned into its text, so stored lessons never hold a `javascript:` link for an exporter,
 * the app or a third-party consumer that forgets to check. Null when a destination could not be
 * removed (the caller refuses the write).
 */
export function neutraliseUnsafeLinks(markdown: string): string | null {
  let current = markdown;
  // Removing a link can expose another (a link inside a label); a few passes settle it.
  for (let pass = 0; pass < 5; pass += 1) {
    const unsafe = findUnsafe(current);
    if (unsafe.length === 0) return current;
    let next = current;
    for (const { raw, replacement } of unsafe) next = next.split(raw).join(replacement);
    if (next === current) return null;
    current = next;
  }
  return findUnsafe(current).length === 0 ? current : null;
}

/** The blocks with unsafe links neutralised in every Markdown field; a 400 naming the field if one cannot be. */
export function blocksWithSafeLinks(blocks: Block[], field: string): Block[] {
  return blocks.map((block, index) => {
    if (block.type !== 'markdown' && block.type !== 'callout') return block;
    const markdown = neutraliseUnsafeLinks(block.markdown);
    if (markdown !== null) return markdown === block.markdown ? block : { ...block, markdown };
    const path = `${field}/${index}/markdown`;
    const message = 'may link only to http, https, mailto or relative addresses';
    throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `${path} ${message}`, { fieldErrors: [{ field: path, message }] });
  });
}
