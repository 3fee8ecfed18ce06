import { defineModule } from '../mirai-module.ts';
import { assignmentsRoutes } from './assignments.routes.ts';
import type { AssignmentsService } from './assignments.service.ts';
import { CourseAssignmentSchema, CourseWithdrawalSchema, GroupMemberSchema, LearnerGroupSchema } from './group.entity.ts';
import { groupsRoutes } from './groups.routes.ts';
import type { GroupsService } from './groups.service.ts';

export interface GroupsServices {
  groups: GroupsService;
  assignments: AssignmentsService;
}

/** Learner management (docs/people.md): groups with dates, enrolment by e-mail or CSV, assignments, gradebooks. */
export const groupsModule = defineModule<GroupsServices>({
  name: 'groups',
  entities: { tenantOwned: [LearnerGroupSchema, GroupMemberSchema, CourseAssignmentSchema, CourseWithdrawalSchema], instanceWide: [] },
  routes: async (app, { groups, assignments }) => {
    await app.register(groupsRoutes, { groups });
    await app.register(assignmentsRoutes, { groups, assignments });
  },
});
