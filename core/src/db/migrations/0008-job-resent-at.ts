import { Migration } from '@mikro-orm/migrations';

// When the recovery sweep last re-sent a job's current attempt. A re-sent job has no heartbeat
// until a worker claims it; this lets the sweep re-send a lost delivery once per stale period
// instead of on every pass.
export class Migration0008JobResentAt extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table job add column resent_at timestamptz;');
  }
}
