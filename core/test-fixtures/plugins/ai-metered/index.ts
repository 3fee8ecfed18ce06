import {
  type AiProvider,
  definePlugin,
  type GenerationMeta,
  type GenerationTask,
  type JsonObject,
  type TextGenerationRequest,
} from '@mirai/sdk-plugin';

/** Every call costs the same, as a paid model's would: what the allowance and billing tests count. */
const meta: GenerationMeta = { provider: 'ai-metered', model: 'fixed-cost', usage: { inputTokens: 100, outputTokens: 50 } };

function json(task: GenerationTask | undefined): JsonObject {
  if (task?.kind === 'course-outline')
    return {
      modules: [{ title: task.course.title, lessons: [{ title: task.course.title, objectives: [task.course.desiredOutcome || task.course.title] }] }],
    };
  return { quiz: [], flashcards: [] };
}

function text(request: TextGenerationRequest): string {
  return request.task?.kind === 'lesson-body' ? `## ${request.task.lesson.title}\n\nA short lesson.\n` : JSON.stringify(json(request.task));
}

const provider: AiProvider = {
  label: 'Metered test model',
  async generateText(request) {
    return { text: text(request), ...meta };
  },
  async *streamText(request) {
    yield { type: 'delta', text: text(request) };
    yield { type: 'done', text: text(request), ...meta };
  },
  async generateJson(request) {
    return { value: json(request.task), ...meta };
  },
};

/** A model-like AI provider for tests of what metering does: fixed output, 150 tokens a call. */
export default definePlugin({
  name: 'ai-metered',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['ai'],
  register(context) {
    context.provide('ai', provider);
  },
});
