import { Migration } from '@mikro-orm/migrations';

// AGS line items a tool creates itself (the `lineitem` scope): several may sit under one
// external-tool block, so only the block's own line item (made at its first launch) stays unique.
export class Migration0040LtiToolLineItems extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table lti_line_item
        add column from_tool boolean not null default false,
        add column resource_id text,
        add column tag text;
      alter table lti_line_item drop constraint lti_line_item_tool_id_course_id_lesson_id_block_id_key;
      create unique index lti_line_item_block_key on lti_line_item (tool_id, course_id, lesson_id, block_id) where not from_tool;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      delete from lti_line_item where from_tool;
      drop index lti_line_item_block_key;
      alter table lti_line_item add unique (tool_id, course_id, lesson_id, block_id);
      alter table lti_line_item drop column from_tool, drop column resource_id, drop column tag;
    `);
  }
}
