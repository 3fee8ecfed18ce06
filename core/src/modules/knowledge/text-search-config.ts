import type { EntityManager } from '@mikro-orm/postgresql';

/** PostgreSQL's snowball configurations by the primary subtag of a BCP 47 language tag. */
const CONFIG_BY_LANGUAGE: Readonly<Record<string, string>> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

/**
 * The text-search configuration for a language (course or document language): the language's own
 * stemming where this PostgreSQL has it, `simple` (no stemming, no stop words) where it has none.
 */
export async function textSearchConfig(em: EntityManager, language: string): Promise<string> {
  const wanted = CONFIG_BY_LANGUAGE[language.toLowerCase().split('-')[0] ?? ''];
  if (wanted === undefined) return 'simple';
  const rows = await em.execute<{ cfgname: string }[]>('select cfgname from pg_ts_config where cfgname = ?', [wanted]);
  return rows.length > 0 ? wanted : 'simple';
}

/** Turns free text into an OR query of safe lexemes (letters and digits of any script), so retrieval ranks partial matches too. */
export function orQuery(text: string): string {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])].slice(0, 40);
  return words.join(' | ');
}
