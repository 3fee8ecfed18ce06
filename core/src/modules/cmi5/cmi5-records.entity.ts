import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { CourseStructure, MoveOn } from './course-structure.ts';

/** An imported cmi5 course: its files (if it brought any) live in the tenant's storage under `cmi5/<id>/`. */
export const Cmi5CourseSchema = defineEntity({
  name: 'Cmi5Course',
  tableName: 'cmi5_course',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    courseId: p.uuid(),
    uploadId: p.uuid(),
    storagePlugin: p.string(),
    courseIri: p.text(),
    title: p.text(),
    /** The parsed cmi5.xml: blocks and AUs with their rules, for moveOn roll-up. */
    structure: p.json<CourseStructure>(),
    fileCount: p.integer(),
    totalBytes: p.bigint('number'),
    createdBy: p.uuid(),
    createdAt: p.datetime(),
  },
});

/** One AU, played as one lesson of the course. */
export const Cmi5AuSchema = defineEntity({
  name: 'Cmi5Au',
  tableName: 'cmi5_au',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    cmi5CourseId: p.uuid().fieldName('cmi5_course_id'),
    courseId: p.uuid(),
    lessonId: p.uuid(),
    position: p.integer(),
    auIri: p.text(),
    title: p.text(),
    /** Package-relative, or absolute https. */
    url: p.text(),
    moveOn: p.string().$type<MoveOn>(),
    masteryScore: p.float().nullable(),
    launchMethod: p.string(),
    launchParameters: p.text(),
    entitlementKey: p.text(),
  },
});

/** A learner's registration for a cmi5 course (one per enrolment), and the block/course IRIs already satisfied. */
export const Cmi5RegistrationSchema = defineEntity({
  name: 'Cmi5Registration',
  tableName: 'cmi5_registration',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    cmi5CourseId: p.uuid().fieldName('cmi5_course_id'),
    enrolmentId: p.uuid(),
    userId: p.uuid(),
    actor: p.json<Record<string, unknown>>(),
    satisfied: p.json<string[]>(),
    createdAt: p.datetime(),
  },
});

/** What a registration has achieved in one AU, across its sessions. */
export const Cmi5AuStatusSchema = defineEntity({
  name: 'Cmi5AuStatus',
  tableName: 'cmi5_au_status',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    registrationId: p.uuid(),
    auId: p.uuid(),
    completed: p.boolean(),
    passed: p.boolean(),
    failed: p.boolean(),
    satisfied: p.boolean(),
    scoreScaled: p.float().nullable(),
    updatedAt: p.datetime(),
  },
});

/**
 * One launch of an AU: the session id, the single-use fetch secret and the auth token it turns
 * into (both stored as hashes), and where the AU is in cmi5's statement order.
 */
export const Cmi5SessionSchema = defineEntity({
  name: 'Cmi5Session',
  tableName: 'cmi5_session',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    registrationId: p.uuid(),
    auId: p.uuid(),
    enrolmentId: p.uuid(),
    lessonId: p.uuid(),
    launchMode: p.string(),
    fetchHash: p.string(),
    fetchedAt: p.datetime().nullable(),
    tokenHash: p.string().nullable(),
    /** launched → initialized → terminated (or abandoned when a newer launch replaces it). */
    state: p.string(),
    /** cmi5 defined verbs this session has sent, in order. */
    verbs: p.json<string[]>(),
    createdAt: p.datetime(),
  },
});

export type Cmi5Course = InferEntity<typeof Cmi5CourseSchema>;
export type Cmi5Au = InferEntity<typeof Cmi5AuSchema>;
export type Cmi5Registration = InferEntity<typeof Cmi5RegistrationSchema>;
export type Cmi5AuStatus = InferEntity<typeof Cmi5AuStatusSchema>;
export type Cmi5Session = InferEntity<typeof Cmi5SessionSchema>;
