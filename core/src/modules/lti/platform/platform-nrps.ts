import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../../errors/mirai-error.ts';
import type { LtiToolsService } from './lti-tools.service.ts';
import { LIS_ROLE } from './platform-messages.ts';
import type { PlatformUrls } from './platform-urls.ts';

export const MEMBERSHIPS_DEFAULT_LIMIT = 100;
export const MEMBERSHIPS_MAX_LIMIT = 1000;

export interface MembershipsQuery {
  role?: string | undefined;
  limit?: number | undefined;
  /** The last `user_id` of the previous page (keyset paging: a page stays right while people join). */
  after?: string | undefined;
}

export interface MembershipContainer {
  id: string;
  context: { id: string; title: string };
  members: { user_id: string; status: 'Active'; roles: string[] }[];
}

/** `Learner`, `membership#Learner` or the full URI all name the LIS role (NRPS 2.0, 2.4.1). */
function roleFilter(role: string | undefined): 'learner' | 'instructor' | null | undefined {
  if (role === undefined) return undefined;
  const name = role.split(/[#/]/).at(-1);
  if (name === 'Learner') return 'learner';
  if (name === 'Instructor') return 'instructor';
  return null;
}

/**
 * Names and Role Provisioning Services 2.0 with Mirai as the platform: a course is the context;
 * its enrolled learners are Learners and the organisation's owners, admins and authors are
 * Instructors. `user_id` is the Mirai user id, the `sub` launches carry. Launches send no name or
 * e-mail, so neither does the roster. A tool reads only courses of the organisation that registered it.
 */
export class PlatformMemberships {
  readonly #deps: { tools: LtiToolsService; urls: PlatformUrls };

  constructor(deps: { tools: LtiToolsService; urls: PlatformUrls }) {
    this.#deps = deps;
  }

  async page(
    em: EntityManager,
    toolId: string,
    courseId: string,
    query: MembershipsQuery,
  ): Promise<{ container: MembershipContainer; next: string | null }> {
    const courses = await em.execute<{ title: string }[]>(
      'select c.title from course c join lti_tool t on t.tenant_id = c.tenant_id where c.id = ? and t.id = ?',
      [courseId, toolId],
    );
    const course = courses[0];
    if (course === undefined) throw new MiraiError('MIRAI_ERR_LTI_CONTEXT_NOT_FOUND');
    const role = roleFilter(query.role);
    const limit = Math.min(query.limit ?? MEMBERSHIPS_DEFAULT_LIMIT, MEMBERSHIPS_MAX_LIMIT);
    const id = this.#deps.urls.membershipsUrlOf(courseId);
    if (role === null) return { container: { id, context: { id: courseId, title: course.title }, members: [] }, next: null };
    const rows = await em.execute<{ user_id: string; learner: boolean; instructor: boolean }[]>(
      `select u.user_id, bool_or(u.learner) as learner, bool_or(u.instructor) as instructor from (
         select e.user_id, true as learner, false as instructor from enrolment e where e.course_id = ?
         union all
         select m.user_id, false, true from membership m join course c on c.tenant_id = m.tenant_id
          where c.id = ? and m.role in ('owner', 'admin', 'author')
       ) u
       where (?::text is null or u.user_id::text > ?::text)
       group by u.user_id
       having (?::text is null or (? = 'learner' and bool_or(u.learner)) or (? = 'instructor' and bool_or(u.instructor)))
       order by u.user_id::text limit ?`,
      [courseId, courseId, query.after ?? null, query.after ?? null, role ?? null, role ?? null, role ?? null, limit + 1],
    );
    const members = rows.slice(0, limit).map((row) => ({
      user_id: row.user_id,
      status: 'Active' as const,
      roles: [...(row.instructor ? [LIS_ROLE.instructor] : []), ...(row.learner ? [LIS_ROLE.learner] : [])],
    }));
    const last = members.at(-1);
    let next: string | null = null;
    if (rows.length > limit && last !== undefined) {
      const url = new URL(id);
      if (query.role !== undefined) url.searchParams.set('role', query.role);
      url.searchParams.set('limit', String(limit));
      url.searchParams.set('after', last.user_id);
      next = url.toString();
    }
    return { container: { id, context: { id: courseId, title: course.title }, members }, next };
  }
}
