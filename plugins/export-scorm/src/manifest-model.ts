/** What both manifest writers need, independent of the SCORM version. */
export interface ManifestItem {
  identifier: string;
  title: string;
  /** The SCO resource this item launches; absent for a module that only groups lessons. */
  resource?: string;
  /** Whether the SCO reports a quiz score, so the item carries a mastery score. */
  scored: boolean;
  children: ManifestItem[];
}

export interface ManifestResource {
  identifier: string;
  href: string;
  files: string[];
}

export interface ManifestModel {
  identifier: string;
  title: string;
  /** Percentage 0–100. */
  masteryScore: number;
  items: ManifestItem[];
  scos: ManifestResource[];
  /** The player's script and styles, a dependency of every SCO. */
  shared: ManifestResource;
}

/** Makes an xs:ID from arbitrary text: `MIRAI-` + letters, digits, `.`, `-`, `_`. */
export function xmlId(prefix: string, text: string): string {
  return `${prefix}-${text.replace(/[^A-Za-z0-9._-]/g, '-')}`;
}

export const indent = (depth: number) => '  '.repeat(depth);
