import { type ExportOptions, type JsonSchema, PluginError } from '@mirai/sdk-plugin';

export const MOVE_ON_VALUES = ['NotApplicable', 'Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed'] as const;
export type MoveOn = (typeof MOVE_ON_VALUES)[number];

export interface Cmi5Settings {
  moveOn: MoveOn;
  /** 0..1: the scaled quiz score an AU needs to pass. */
  masteryScore: number;
  /** The IRI every activity id starts with. */
  activityIdBase: string;
}

/** Checked by the host when an export is requested, so a bad value is a 400 and never a failed job. */
export const CMI5_SETTINGS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    moveOn: { type: 'string', enum: [...MOVE_ON_VALUES] },
    masteryScore: { type: 'number', minimum: 0, maximum: 1 },
    activityIdBase: { type: 'string', maxLength: 2000, pattern: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>"{}|\\\\^`]+$' },
  },
  additionalProperties: false,
};

const isMoveOn = (value: unknown): value is MoveOn => MOVE_ON_VALUES.some((candidate) => candidate === value);

/** Reads `moveOn`, `masteryScore` and `activityIdBase`; anything out of range is a bad input, not a silent default. */
export function cmi5Settings(settings: ExportOptions['settings'], courseId: string): Cmi5Settings {
  const { moveOn = 'CompletedOrPassed', masteryScore = 0.8, activityIdBase = `urn:mirai:course:${encodeURIComponent(courseId)}` } = settings;
  if (!isMoveOn(moveOn)) throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `moveOn must be one of ${MOVE_ON_VALUES.join(', ')}`);
  const score = typeof masteryScore === 'string' && masteryScore.trim() !== '' ? Number(masteryScore) : masteryScore;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1)
    throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'masteryScore must be a number from 0 to 1');
  if (typeof activityIdBase !== 'string' || !/^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i.test(activityIdBase))
    throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'activityIdBase must be an absolute IRI such as https://example.org/courses/safety');
  return { moveOn, masteryScore: score, activityIdBase: activityIdBase.replace(/\/+$/, '') };
}
