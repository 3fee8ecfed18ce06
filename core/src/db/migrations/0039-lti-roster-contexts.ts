import { Migration } from '@mikro-orm/migrations';

// LTI Names and Role Provisioning with Mirai as the tool: the platform contexts whose launches
// opened a Mirai course and offered a membership service, so an admin can sync their roster.
export class Migration0039LtiRosterContexts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table lti_context (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        platform_id uuid not null references lti_platform (id) on delete cascade,
        context_id text not null,
        title text not null,
        course_id uuid not null references course (id) on delete cascade,
        memberships_url text not null,
        last_synced_at timestamptz,
        created_at timestamptz not null,
        unique (platform_id, context_id, course_id)
      );
      create index lti_context_tenant_idx on lti_context (tenant_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table lti_context;');
  }
}
