import type { Content } from '@google/genai';
import { repairInstruction } from '@mirai/ai-kit';

/** The conversation for the single repair attempt: the prompt, the bad answer, and what was wrong with it. */
export function repairConversation(prompt: string, badOutput: string, problems: string[], schemaName: string): Content[] {
  return [
    { role: 'user', parts: [{ text: prompt }] },
    // Gemini rejects empty parts, so an empty answer is shown as such.
    { role: 'model', parts: [{ text: badOutput === '' ? '(empty reply)' : badOutput }] },
    { role: 'user', parts: [{ text: repairInstruction(problems, schemaName) }] },
  ];
}
