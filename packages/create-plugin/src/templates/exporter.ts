import type { ProjectOptions } from '../project-files.ts';

export function exporterTemplate(options: ProjectOptions): { index: string; test: string } {
  const format = `${options.name}-md`;
  return {
    index: `import { type CourseDocument, definePlugin } from '@mirai/sdk-plugin';

/** The course as one Markdown file: modules and lessons as headings, text blocks as they are. */
export function toMarkdown(course: CourseDocument): string {
  const lines = [\`# \${course.title}\`, '', course.desiredOutcome, ''];
  for (const module of course.modules) {
    lines.push(\`## \${module.title}\`, '');
    for (const lesson of module.lessons) {
      lines.push(\`### \${lesson.title}\`, '');
      for (const block of lesson.blocks)
        if (block.type === 'markdown' || block.type === 'callout') lines.push(block.markdown, '');
        else if (block.type === 'heading') lines.push(\`#### \${block.text}\`, '');
    }
  }
  return lines.join('\\n');
}

export default definePlugin({
  name: '${options.name}',
  version: '0.1.0',
  engine: '${options.engine}',
  capabilities: ['exporter'],
  register(context) {
    context.provide('exporter', {
      format: '${format}',
      label: 'Markdown (${options.name})',
      mediaType: 'text/markdown',
      fileName: (course) => \`\${course.id}.md\`,
      async *export(course) {
        yield new TextEncoder().encode(toMarkdown(course));
      },
    });
  },
});
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CourseDocument } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import plugin from './index.ts';

const course: CourseDocument = {
  id: 'c1',
  title: 'Tides',
  desiredOutcome: 'Explain the tides',
  language: 'en',
  modules: [{ id: 'm1', title: 'The Moon', lessons: [{ id: 'l1', title: 'Pull', objectives: [], blocks: [{ id: 'b1', type: 'markdown', markdown: 'Gravity pulls.' }] }] }],
};

test('exports a course as Markdown', async () => {
  const host = await createTestHost(plugin);
  const exporter = host.extension('exporter');
  const chunks: Uint8Array[] = [];
  for await (const chunk of exporter.export(course, { settings: {}, readAsset: async () => null }, host.tenant({}))) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  assert.equal(exporter.format, '${format}');
  assert.equal(exporter.fileName(course), 'c1.md');
  assert.match(text, /# Tides/);
  assert.match(text, /Gravity pulls\\./);
});
`,
  };
}
