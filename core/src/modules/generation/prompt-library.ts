import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROMPTS = { 'course-outline': 'v1', 'lesson-body': 'v1', 'lesson-activities': 'v2' } as const;
export type PromptName = keyof typeof PROMPTS;

export interface RenderedPrompt {
  /** `name@version`, recorded in provenance. */
  promptId: string;
  system: string;
  prompt: string;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'prompts');
const templates = new Map<PromptName, { system: string; user: string }>();

function template(name: PromptName): { system: string; user: string } {
  const cached = templates.get(name);
  if (cached !== undefined) return cached;
  const [system = '', user = ''] = readFileSync(join(dir, `${name}.${PROMPTS[name]}.md`), 'utf8').split(/^---$/m);
  const loaded = { system: system.trim(), user: user.trim() };
  templates.set(name, loaded);
  return loaded;
}

/**
 * Fills `{{name}}` placeholders from versioned files in prompts/; a placeholder without a value
 * is an error, so a template and its caller cannot drift apart silently.
 */
export function renderPrompt(name: PromptName, values: Record<string, string | number>): RenderedPrompt {
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`prompt ${name} needs a value for {{${key}}}`);
      return String(value);
    });
  const { system, user } = template(name);
  return { promptId: `${name}@${PROMPTS[name]}`, system: fill(system), prompt: fill(user) };
}
