import { Migration } from '@mikro-orm/migrations';

// Websocket tickets are single-use: the first socket a ticket opens records its nonce here (any
// replica sees it), and a second attempt with the same ticket is refused. Rows outlive their
// ticket's expiry by nothing: they are purged as new tickets are used.
export class Migration0009WsTicketUse extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table ws_ticket_use (
        nonce text primary key,
        expires_at timestamptz not null
      );
      create index ws_ticket_use_expires_idx on ws_ticket_use (expires_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table ws_ticket_use;');
  }
}
