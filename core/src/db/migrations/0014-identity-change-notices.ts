import { Migration } from '@mikro-orm/migrations';

// Every API process caches who a bearer token or cookie belongs to (core/src/modules/identity/
// identity-cache.ts). These triggers announce each change that could make a cached answer wrong on
// the `mirai_identity` channel, at commit and whoever wrote it (API, CLI, psql): every process
// listens and forgets what the change touched before it serves another request with it.
export class Migration0014IdentityChangeNotices extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function mirai_identity_changed() returns trigger language plpgsql as $$
      declare
        kind text := tg_argv[0];
        column_name text := tg_argv[1];
      begin
        if tg_op <> 'INSERT' then
          perform pg_notify('mirai_identity', kind || ':' || (to_jsonb(old) ->> column_name));
        end if;
        if tg_op <> 'DELETE' then
          perform pg_notify('mirai_identity', kind || ':' || (to_jsonb(new) ->> column_name));
        end if;
        return null;
      end
    $$;`);
    // A new session cannot be cached yet, so only its updates and deletions matter.
    this.addSql(`create trigger session_changed after update or delete on session
      for each row execute function mirai_identity_changed('session', 'id');`);
    this.addSql(`create trigger membership_changed after insert or update or delete on membership
      for each row execute function mirai_identity_changed('user', 'user_id');`);
    this.addSql(`create trigger app_user_changed after update or delete on app_user
      for each row execute function mirai_identity_changed('user', 'id');`);
    this.addSql(`create trigger tenant_changed after update or delete on tenant
      for each row execute function mirai_identity_changed('tenant', 'id');`);
  }
}
