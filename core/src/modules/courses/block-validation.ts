import type { Block } from '@mirai/sdk-plugin';
import { Ajv } from 'ajv';
import { MiraiError } from '../../errors/mirai-error.ts';
import { BlocksSchema } from './block.schemas.ts';

const validate = new Ajv({ allErrors: true, strict: false }).compile<Block[]>(BlocksSchema);

/** Field errors of a block list, schema and meaning (an answer must be one of the choices). */
export function blockErrors(blocks: unknown, field = '/body/blocks'): { field: string; message: string }[] {
  if (!validate(blocks)) return (validate.errors ?? []).map((e) => ({ field: `${field}${e.instancePath}`, message: e.message ?? 'is not valid' }));
  const errors: { field: string; message: string }[] = [];
  blocks.forEach((block, b) => {
    if (block.type === 'quiz')
      block.questions.forEach((q, i) => {
        if (q.answerIndex >= q.choices.length)
          errors.push({ field: `${field}/${b}/questions/${i}/answerIndex`, message: 'must point at one of the choices' });
      });
  });
  const ids = new Set<string>();
  blocks.forEach((block, b) => {
    if (ids.has(block.id)) errors.push({ field: `${field}/${b}/id`, message: 'must be unique within the lesson' });
    ids.add(block.id);
  });
  return errors;
}

export function assertValidBlocks(blocks: unknown, field = '/body/blocks'): asserts blocks is Block[] {
  const errors = blockErrors(blocks, field);
  if (errors.length > 0)
    throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', errors.map((e) => `${e.field} ${e.message}`).join('; '), { fieldErrors: errors });
}
