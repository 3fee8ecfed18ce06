import { Migration } from '@mikro-orm/migrations';

// Invitations are mailed by default. Existing ones were links shared by hand: they stay `link`
// (a sign-up with them does not count as verifying the address).
export class Migration0016PeopleInvitations extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table invitation add column delivery text not null default 'link' check (delivery in ('mail', 'link'));");
    this.addSql('alter table invitation alter column delivery drop default;');
  }
}
