import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MiraiError } from '../../errors/mirai-error.ts';
import { activitiesSchema, outlineSchema } from './output.schemas.ts';
import { assertOutput, OutputValidators } from './output-validation.ts';

const outline = { modules: [{ title: 'Lifting', lessons: [{ title: 'Plan the lift', objectives: ['Check the load'] }] }] };

function refusal(run: () => unknown): MiraiError {
  try {
    run();
  } catch (error) {
    if (error instanceof MiraiError) return error;
    throw error;
  }
  throw new Error('expected the output to be refused');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('checking generated output against its schema', () => {
  it('compiles a schema once however many jobs build it afresh (Ajv keeps every schema object it compiles)', () => {
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    // Bounds no other test uses, so the shared validators have not met this schema yet.
    for (let job = 0; job < 200; job++) assertOutput(outlineSchema(3, 7), outline, 'The outline');
    expect(compile).toHaveBeenCalledTimes(1);
  });

  it('returns valid output and refuses invalid output, also from a validator compiled for an earlier job', () => {
    expect(assertOutput(outlineSchema(4, 4), outline, 'The outline')).toBe(outline);
    const tooMany = { modules: Array.from({ length: 5 }, () => outline.modules[0]) };
    const error = refusal(() => assertOutput(outlineSchema(4, 4), tooMany, 'The outline'));
    expect(error.code).toBe('MIRAI_ERR_GENERATION_OUTPUT_INVALID');
    expect(error.message).toContain('The outline: /modules must NOT have more than 4 items');
  });

  it('keeps at most its capacity of schemas and removes the least recently used from Ajv', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const compile = vi.spyOn(ajv, 'compile');
    const removeSchema = vi.spyOn(ajv, 'removeSchema');
    const validators = new OutputValidators(ajv, 2);
    const first = outlineSchema(1, 1);
    validators.assert(first, outline, 'The outline');
    validators.assert(activitiesSchema(5, 4), { quiz: [], flashcards: [] }, 'The lesson activities');
    validators.assert(outlineSchema(1, 1), outline, 'The outline'); // the first is now the most recently used
    validators.assert(outlineSchema(2, 2), outline, 'The outline');
    expect(validators.size).toBe(2);
    expect(compile).toHaveBeenCalledTimes(3);
    expect(removeSchema).toHaveBeenCalledTimes(1);
    expect(removeSchema.mock.calls[0]?.[0]).toEqual(activitiesSchema(5, 4));
    validators.assert(first, outline, 'The outline');
    expect(compile).toHaveBeenCalledTimes(3);
  });
});
