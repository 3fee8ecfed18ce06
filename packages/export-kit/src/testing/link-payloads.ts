import type { CourseDocument, Exporter } from '@mirai/sdk-plugin';
import { dangerousUrlAttributes, maliciousMarkdown } from '@mirai/url-policy/payloads';
import { exportPackage } from './package-files.ts';

export { DANGEROUS_URLS, dangerousUrlAttributes, maliciousMarkdown } from '@mirai/url-policy/payloads';

/** One lesson whose Markdown block and callout carry every dangerous URL as inline, reference-style, autolink and image. */
export const linkPayloadCourse: CourseDocument = {
  id: 'course-xss',
  title: 'Link payloads',
  desiredOutcome: 'Nothing runs.',
  language: 'en',
  modules: [
    {
      id: 'module-xss',
      title: 'Payloads',
      lessons: [
        {
          id: 'lesson-xss',
          title: 'Every way to write a link',
          objectives: [],
          blocks: [
            { id: 'x1', type: 'markdown', markdown: `${maliciousMarkdown()}\n\n[a safe link](https://example.org/ok)` },
            { id: 'x2', type: 'callout', tone: 'warning', markdown: maliciousMarkdown() },
          ],
        },
      ],
    },
  ],
};

/** Runs an exporter on the payload course and returns every file of the package as text. */
export async function exportedTexts(exporter: Exporter, course: CourseDocument = linkPayloadCourse): Promise<Record<string, string>> {
  const exported = await exportPackage(exporter, course, { settings: {}, readAsset: async () => null });
  return Object.fromEntries(Object.keys(exported.files).map((name) => [name, exported.text(name)]));
}

/** The dangerous URL attributes of every file in the package, by file name (empty when the package is safe). */
export async function dangerousUrlsInPackage(exporter: Exporter): Promise<Record<string, string[]>> {
  const texts = await exportedTexts(exporter);
  const found: Record<string, string[]> = {};
  for (const [name, text] of Object.entries(texts)) {
    const dangerous = dangerousUrlAttributes(text);
    if (dangerous.length > 0) found[name] = dangerous;
  }
  return found;
}
