import { type Static, Type } from 'typebox';
import { TEXT_PATTERN } from '../../http/common.schemas.ts';

/** The generation tasks an organisation routes separately. */
export const AI_TASKS = ['outline', 'lessonBody', 'activities', 'rewrite'] as const;
export type AiTask = (typeof AI_TASKS)[number];

export const AiRoute = Type.Object(
  {
    provider: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100, description: 'An AI plugin enabled for the organisation, e.g. ai-openai' }),
    model: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, pattern: TEXT_PATTERN, description: "Overrides the plugin's configured model for this task" }),
    ),
    monthlyTokenCap: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Tokens this provider may use a month across tasks; beyond it the chain moves on' }),
    ),
  },
  { additionalProperties: false },
);

const Chain = Type.Array(AiRoute, {
  maxItems: 5,
  description: 'Tried in order: the next one is used when a provider fails (after its own retries), is over a cap, or cannot follow the instruction',
});

export const AiRouting = Type.Object(
  {
    outline: Type.Optional(Chain),
    lessonBody: Type.Optional(Chain),
    activities: Type.Optional(Chain),
    rewrite: Type.Optional(Type.Array(AiRoute, { maxItems: 5, description: 'Regenerating a lesson; when unset, the lessonBody chain' })),
  },
  { additionalProperties: false },
);
export type AiRouting = Static<typeof AiRouting>;
export type AiRouteEntry = Static<typeof AiRoute>;

export const AiRoutingView = Type.Object({
  routing: AiRouting,
  providers: Type.Array(
    Type.Object({
      plugin: Type.String(),
      label: Type.String(),
      usesModel: Type.Boolean(),
      metered: Type.Boolean(),
      instructionsFollowed: Type.Union([Type.Array(Type.String()), Type.Null()], {
        description: 'For a provider without a model: the rewrite instructions it can follow; null: any',
      }),
    }),
    { description: 'AI plugins enabled for the organisation, in the default order (the first writes tasks that have no route)' },
  ),
});
