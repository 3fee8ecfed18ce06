import type { ProjectOptions } from '../project-files.ts';

export function aiTemplate(options: ProjectOptions): { index: string; test: string } {
  return {
    index: `import { definePlugin, PluginError, type TokenUsage } from '@mirai/sdk-plugin';

// Replace \`complete\` with a call to your model's API (declare its host in package.json mirai.egress).
function complete(prompt: string): string {
  return prompt.trim().split(/\\s+/).reverse().join(' ');
}

function usage(prompt: string, text: string): TokenUsage {
  return { inputTokens: prompt.split(/\\s+/).length, outputTokens: text.split(/\\s+/).length };
}

export default definePlugin({
  name: '${options.name}',
  version: '0.1.0',
  engine: '${options.engine}',
  capabilities: ['ai'],
  register(context) {
    context.provide('ai', {
      label: '${options.name}',
      async generateText(request) {
        const text = complete(request.prompt);
        return { text, provider: '${options.name}', model: request.model ?? 'reverse-words', usage: usage(request.prompt, text) };
      },
      async *streamText(request) {
        const text = complete(request.prompt);
        for (const word of text.split(' ')) yield { type: 'delta', text: \`\${word} \` };
        yield { type: 'done', text, provider: '${options.name}', model: 'reverse-words', usage: usage(request.prompt, text) };
      },
      async generateJson(request) {
        try {
          return { value: JSON.parse(complete(request.prompt)), provider: '${options.name}', model: 'reverse-words', usage: usage(request.prompt, '') };
        } catch (cause) {
          throw new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'The model did not answer with JSON', { cause });
        }
      },
    });
  },
});
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import plugin from './index.ts';

test('generates text and streams it, ending with one done event', async () => {
  const host = await createTestHost(plugin);
  const ai = host.extension('ai');
  const tenant = host.tenant({});
  assert.equal((await ai.generateText({ prompt: 'tides are caused' }, tenant)).text, 'caused are tides');
  const events = [];
  for await (const event of ai.streamText({ prompt: 'a b' }, tenant)) events.push(event.type);
  assert.deepEqual(events, ['delta', 'delta', 'done']);
});
`,
  };
}
