import { type ExportOptions, type JsonSchema, PluginError } from '@mirai/sdk-plugin';

export interface ScormSettings {
  /** One SCO per lesson (default) or one SCO for the whole course. */
  scoPerLesson: boolean;
  /** Percentage (0–100) of quiz questions a learner must answer correctly to pass. */
  masteryScore: number;
}

export const DEFAULT_SCORM_SETTINGS: ScormSettings = { scoPerLesson: true, masteryScore: 80 };

/** Checked by the host when an export is requested, so a bad value is a 400 and never a failed job. */
export const SCORM_SETTINGS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    scoPerLesson: {
      type: 'boolean',
      default: DEFAULT_SCORM_SETTINGS.scoPerLesson,
      description: 'One SCO per lesson (true) or one for the whole course.',
    },
    masteryScore: {
      type: 'number',
      minimum: 0,
      maximum: 100,
      default: DEFAULT_SCORM_SETTINGS.masteryScore,
      description: 'Percentage of quiz answers needed to pass.',
    },
  },
  additionalProperties: false,
};

function readBoolean(value: string | number | boolean | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `setting ${name} must be true or false`);
}

function readPercentage(value: string | number | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number < 0 || number > 100) {
    throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `setting ${name} must be a number from 0 to 100`);
  }
  return number;
}

export function scormSettings(settings: ExportOptions['settings']): ScormSettings {
  return {
    scoPerLesson: readBoolean(settings.scoPerLesson, 'scoPerLesson', DEFAULT_SCORM_SETTINGS.scoPerLesson),
    masteryScore: readPercentage(settings.masteryScore, 'masteryScore', DEFAULT_SCORM_SETTINGS.masteryScore),
  };
}
