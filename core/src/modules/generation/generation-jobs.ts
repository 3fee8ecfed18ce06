import { Type } from 'typebox';
import { jobType } from '../../jobs/job-definition.ts';
import { JOB_KINDS } from './generation-deps.ts';

const Id = Type.String({ minLength: 1 });
const Instruction = Type.Optional(Type.String());

/** Writes a course's outline. */
export const outlineJob = jobType(
  JOB_KINDS.outline,
  Type.Object({ courseId: Id, moduleCount: Type.Integer({ minimum: 1 }), lessonsPerModule: Type.Integer({ minimum: 1 }) }),
);

/** Writes a course's lessons (or the listed ones), one child job each. */
export const lessonsJob = jobType(
  JOB_KINDS.lessons,
  Type.Object({ courseId: Id, lessonIds: Type.Optional(Type.Array(Id)), instruction: Instruction }),
);

/** Writes one lesson, optionally following the author's instruction. */
export const lessonJob = jobType(JOB_KINDS.lesson, Type.Object({ lessonId: Id, instruction: Instruction }));
