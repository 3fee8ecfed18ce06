import { Migration } from '@mikro-orm/migrations';

// Every API process caches serialised pages of each organisation's course list
// (core/src/modules/courses/course-list-cache.ts). These triggers announce, on the
// `mirai_course_list` channel with the organisation's id, every change that can alter a page —
// a course's row (title, status, tags, archive, …), its lessons (count, written or not) and its
// top-level jobs (the status a writing job derives) — at commit and whoever wrote it (API, worker,
// CLI, psql), so every process forgets that organisation's pages before it serves them again.
// A truncation touches every organisation: `*`.
export class Migration0036CourseListNotices extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function mirai_course_list_changed() returns trigger language plpgsql as $$
      begin
        if tg_op = 'TRUNCATE' then
          perform pg_notify('mirai_course_list', '*');
          return null;
        end if;
        if tg_op <> 'INSERT' then
          perform pg_notify('mirai_course_list', old.tenant_id::text);
        end if;
        if tg_op <> 'DELETE' then
          perform pg_notify('mirai_course_list', new.tenant_id::text);
        end if;
        return null;
      end
    $$;`);
    this.addSql(`create trigger course_list_course after insert or update or delete on course
      for each row execute function mirai_course_list_changed();`);
    this.addSql(`create trigger course_list_lesson_rows after insert or delete on lesson
      for each row execute function mirai_course_list_changed();`);
    this.addSql(`create trigger course_list_lesson_update after update on lesson
      for each row when ((old.course_id, old.current_version, old.tenant_id) is distinct from (new.course_id, new.current_version, new.tenant_id))
      execute function mirai_course_list_changed();`);
    this.addSql(`create trigger course_list_job_insert after insert on job
      for each row when (new.course_id is not null) execute function mirai_course_list_changed();`);
    this.addSql(`create trigger course_list_job_delete after delete on job
      for each row when (old.course_id is not null) execute function mirai_course_list_changed();`);
    this.addSql(`create trigger course_list_job_update after update on job
      for each row when ((old.course_id is not null or new.course_id is not null)
        and (old.status, old.kind, old.course_id, old.parent_id, old.tenant_id) is distinct from (new.status, new.kind, new.course_id, new.parent_id, new.tenant_id))
      execute function mirai_course_list_changed();`);
    for (const table of ['course', 'lesson', 'job'])
      this.addSql(`create trigger course_list_${table}_truncate after truncate on ${table}
        for each statement execute function mirai_course_list_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function mirai_course_list_changed() cascade;');
  }
}
