import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { Activity } from './sequencing/activity-tree.ts';
import type { SequencingState } from './sequencing/sequencing-state.ts';

/** An imported SCORM package: its files live in the tenant's storage under `scorm/<id>/`. */
export const ScormPackageSchema = defineEntity({
  name: 'ScormPackage',
  tableName: 'scorm_package',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    courseId: p.uuid(),
    uploadId: p.uuid(),
    storagePlugin: p.string(),
    version: p.enum(['1.2', '2004'] as const),
    identifier: p.string(),
    title: p.string(),
    fileCount: p.integer(),
    totalBytes: p.bigint('number'),
    createdBy: p.uuid(),
    createdAt: p.datetime(),
    /** SCORM 2004: the organisation's activity tree with its sequencing; null without sequencing (plain lesson order). */
    sequencing: p.json<Activity>().nullable(),
  },
});

/** What the sequencer tracks for one learner (enrolment) in one package. */
export const ScormSequencingStateSchema = defineEntity({
  name: 'ScormSequencingState',
  tableName: 'scorm_sequencing_state',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    enrolmentId: p.uuid(),
    packageId: p.uuid(),
    state: p.json<SequencingState>(),
    updatedAt: p.datetime(),
  },
});

/** One launchable item of a package, played as one lesson of the course. */
export const ScormScoSchema = defineEntity({
  name: 'ScormSco',
  tableName: 'scorm_sco',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    packageId: p.uuid(),
    courseId: p.uuid(),
    lessonId: p.uuid(),
    position: p.integer(),
    itemIdentifier: p.string(),
    title: p.string(),
    /** Package-relative, with the item's parameters. */
    launchPath: p.text(),
    masteryScore: p.float().nullable(),
  },
});

/** A learner's CMI data for one SCO, replaced on every commit; the columns beside it are what roll up. */
export const ScormAttemptSchema = defineEntity({
  name: 'ScormAttempt',
  tableName: 'scorm_attempt',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    enrolmentId: p.uuid(),
    lessonId: p.uuid(),
    cmi: p.json<Record<string, unknown>>(),
    completionStatus: p.string(),
    successStatus: p.string(),
    scoreScaled: p.float().nullable(),
    scoreRaw: p.float().nullable(),
    totalTime: p.string(),
    commits: p.integer(),
    updatedAt: p.datetime(),
  },
});

export type ScormPackage = InferEntity<typeof ScormPackageSchema>;
export type ScormSco = InferEntity<typeof ScormScoSchema>;
export type ScormAttempt = InferEntity<typeof ScormAttemptSchema>;
