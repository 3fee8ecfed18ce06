import type { Static, TObject } from 'typebox';
import { Check, Errors } from 'typebox/value';
import type { JobContext, JobHandler, JobOutcome } from './job-contracts.ts';

/** A kind of job and the payload it carries: what `JobStarter.start` writes and its handler reads. */
export interface JobType<Payload extends TObject = TObject> {
  readonly kind: string;
  readonly payload: Payload;
}

export function jobType<Payload extends TObject>(kind: string, payload: Payload): JobType<Payload> {
  return { kind, payload };
}

/** A job context whose payload is decoded: handlers read fields, they do not cast them. */
export type TypedJobContext<Payload> = Omit<JobContext, 'payload'> & { payload: Payload };

/** A kind with its handler, registered with `JobRunner.register(definition)`. */
export interface JobDefinition {
  readonly kind: string;
  readonly handler: JobHandler;
}

/**
 * Binds a handler to its job type. The payload is checked against the type's schema before the
 * handler runs: a payload that does not match (written by an older version, or by hand) fails the
 * job at once instead of being half-read.
 */
export function defineJob<Payload extends TObject>(
  type: JobType<Payload>,
  handler: (context: TypedJobContext<Static<Payload>>) => Promise<JobOutcome>,
): JobDefinition {
  return {
    kind: type.kind,
    handler: async (context) => {
      const { payload } = context;
      if (!Check(type.payload, payload)) {
        const [first] = Errors(type.payload, payload);
        throw new Error(`The ${type.kind} job's payload does not match its type: ${first?.instancePath ?? ''} ${first?.message ?? ''}`.trim());
      }
      return handler({ ...context, payload });
    },
  };
}
