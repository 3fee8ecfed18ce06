import { Migration } from '@mikro-orm/migrations';

// LTI score passback runs on every replica's background tick. A replica claims the scores it is
// about to send (until `claimed_until`), so two replicas never POST the same score.
export class Migration0043LtiScoreClaims extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table lti_grade_link add column if not exists claimed_until timestamptz;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table lti_grade_link drop column claimed_until;');
  }
}
