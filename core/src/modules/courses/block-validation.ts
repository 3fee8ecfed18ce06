import { answerPatternProblem, type Block, type QuizQuestion } from '@mirai/sdk-plugin';
import { Ajv, type ErrorObject } from 'ajv';
import { MiraiError } from '../../errors/mirai-error.ts';
import { BlockSchema, BlocksSchema, QuizQuestionSchema } from './block.schemas.ts';
import { mediaMeaningErrors } from './media-block-validation.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile<Block[]>(BlocksSchema);
const validateBlock = ajv.compile(BlockSchema);
const validateQuestion = ajv.compile(QuizQuestionSchema);

type FieldError = { field: string; message: string };

const BLOCK_TYPES = BlockSchema.anyOf.map((branch) => branch.properties.type.const as string);
const QUESTION_KINDS = QuizQuestionSchema.anyOf.map((branch) => {
  const kind = branch.properties.kind;
  return 'const' in kind ? (kind.const as string) : 'single';
});

/** A validator's verdict without its type guard, so a failed value keeps its `unknown` type for inspection. */
const passes = (check: (value: unknown) => boolean, value: unknown): boolean => check(value);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The errors of the union branch the value declares (its `type`, or a question's `kind`), so an
 * author sees "answerIndices must have at least 1 item" rather than every other branch's mismatch.
 */
function branchErrors(errors: ErrorObject[], declared: string[], chosen: string | undefined, prefix: string): ErrorObject[] {
  const branch = chosen === undefined ? -1 : declared.indexOf(chosen);
  if (branch < 0) return errors;
  const own = errors.filter((e) => e.schemaPath.startsWith(`#/anyOf/${branch}/`));
  return own.length > 0 ? own.map((e) => ({ ...e, instancePath: `${prefix}${e.instancePath}` })) : errors;
}

function blockSchemaErrors(block: unknown, field: string): FieldError[] {
  if (passes(validateBlock, block)) return [];
  const type = isRecord(block) && typeof block.type === 'string' ? block.type : undefined;
  const errors = branchErrors(validateBlock.errors ?? [], BLOCK_TYPES, type, '');
  const questions = isRecord(block) && type === 'quiz' && Array.isArray(block.questions) ? block.questions : [];
  const questionErrors = questions.flatMap((question, i) => {
    if (passes(validateQuestion, question)) return [];
    const kind = isRecord(question) ? (question.kind === undefined ? 'single' : String(question.kind)) : undefined;
    return branchErrors(validateQuestion.errors ?? [], QUESTION_KINDS, kind, `/questions/${i}`);
  });
  const outer = questionErrors.length > 0 ? errors.filter((e) => !e.instancePath.startsWith('/questions/')) : errors;
  return [...outer.filter((e) => e.keyword !== 'anyOf' || questionErrors.length === 0), ...questionErrors].map((e) => ({
    field: `${field}${e.instancePath}`,
    message: e.message ?? 'is not valid',
  }));
}

/** Meaning the schema cannot say: answers point at choices, patterns are safe to run. */
function questionMeaningErrors(question: QuizQuestion, field: string): FieldError[] {
  switch (question.kind) {
    case undefined:
    case 'single':
      return question.answerIndex >= question.choices.length ? [{ field: `${field}/answerIndex`, message: 'must point at one of the choices' }] : [];
    case 'multiple':
      return question.answerIndices
        .map((index, i) => ({ index, i }))
        .filter(({ index }) => index >= question.choices.length)
        .map(({ i }) => ({ field: `${field}/answerIndices/${i}`, message: 'must point at one of the choices' }));
    case 'true-false':
      return [];
    case 'short-answer': {
      if (question.match === 'exact') return [];
      const problem = question.answers.length === 1 ? answerPatternProblem(question.answers[0] ?? '') : 'must hold exactly one pattern';
      return problem === null ? [] : [{ field: `${field}/answers${question.answers.length === 1 ? '/0' : ''}`, message: problem }];
    }
    case 'ordering':
      return [];
    case 'matching':
      return (['left', 'right'] as const).flatMap((side) =>
        question.pairs
          .map((pair, i) => ({ text: pair[side], i }))
          .filter(({ text, i }) => question.pairs.findIndex((other) => other[side] === text) < i)
          .map(({ i }) => ({ field: `${field}/pairs/${i}/${side}`, message: `must differ from every other ${side}-hand side` })),
      );
  }
}

/** Field errors of a block list, schema and meaning (an answer must be one of the choices). */
export function blockErrors(blocks: unknown, field = '/body/blocks'): FieldError[] {
  if (!validate(blocks)) {
    if (!Array.isArray(blocks))
      return (validate.errors ?? []).map((e) => ({ field: `${field}${e.instancePath}`, message: e.message ?? 'is not valid' }));
    const perBlock = blocks.flatMap((block, b) => blockSchemaErrors(block, `${field}/${b}`));
    return perBlock.length > 0
      ? perBlock
      : (validate.errors ?? []).map((e) => ({ field: `${field}${e.instancePath}`, message: e.message ?? 'is not valid' }));
  }
  const errors: FieldError[] = [];
  blocks.forEach((block, b) => {
    if (block.type !== 'quiz') return;
    block.questions.forEach((q, i) => {
      errors.push(...questionMeaningErrors(q, `${field}/${b}/questions/${i}`));
    });
  });
  blocks.forEach((block, b) => {
    errors.push(...mediaMeaningErrors(block, `${field}/${b}`));
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
