/** One entry of an AI routing chain, as the API takes it. */
export interface AiRouteEntry {
  provider: string;
  model?: string;
  monthlyTokenCap?: number;
}

const ENTRY = /^([a-z][a-z0-9-]*)(?::([^\s,]+))?(?:\s+cap=(\d+))?$/;

/** A chain as one line an admin can edit: `ai-openai:gpt-4o-mini cap=2000000, ai-offline`. */
export function chainToText(chain: AiRouteEntry[] | undefined): string {
  return (chain ?? [])
    .map(
      (entry) =>
        `${entry.provider}${entry.model === undefined ? '' : `:${entry.model}`}${entry.monthlyTokenCap === undefined ? '' : ` cap=${entry.monthlyTokenCap}`}`,
    )
    .join(', ');
}

/** The chain a line describes (blank: no route), or what is wrong with it. */
export function textToChain(text: string): { chain: AiRouteEntry[] | undefined } | { error: string } {
  const parts = text
    .split(',')
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .filter((part) => part !== '');
  if (parts.length === 0) return { chain: undefined };
  const chain: AiRouteEntry[] = [];
  for (const part of parts) {
    const match = ENTRY.exec(part);
    if (match === null) return { error: `“${part}” is not “plugin”, “plugin:model” or “plugin:model cap=tokens”.` };
    const [, provider = '', model, cap] = match;
    chain.push({ provider, ...(model === undefined ? {} : { model }), ...(cap === undefined ? {} : { monthlyTokenCap: Number(cap) }) });
  }
  return { chain };
}
