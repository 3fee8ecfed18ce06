import { Migration } from '@mikro-orm/migrations';

// The knowledge library: documents carry their language (whose text-search configuration indexes
// their chunks, `simple` where PostgreSQL has none), tags, the upload or web page they came from
// (so a replacement is recognised when its job is delivered again); courses carry tags too.
export class Migration0031KnowledgeLibrary extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table sme_document add column language text not null default 'en';`);
    this.addSql(`alter table sme_document add column tags text[] not null default '{}';`);
    this.addSql('alter table sme_document add column upload_id uuid;');
    this.addSql('alter table sme_document add column source_url text;');
    this.addSql('create index sme_document_tags_idx on sme_document using gin (tags);');
    this.addSql(`alter table course add column tags text[] not null default '{}';`);
    this.addSql('create index course_tags_idx on course using gin (tags);');
    // Existing chunks were indexed in English; each chunk now says which configuration indexed it.
    this.addSql(`alter table sme_chunk add column ts_config regconfig not null default 'english';`);
    this.addSql('alter table sme_chunk drop column tsv;');
    this.addSql(
      `alter table sme_chunk add column tsv tsvector generated always as (to_tsvector(ts_config, coalesce(heading, '') || ' ' || text)) stored;`,
    );
    this.addSql('create index sme_chunk_tsv_idx on sme_chunk using gin (tsv);');
  }

  override async down(): Promise<void> {
    this.addSql('alter table sme_chunk drop column tsv;');
    this.addSql(
      `alter table sme_chunk add column tsv tsvector generated always as (to_tsvector('english', coalesce(heading, '') || ' ' || text)) stored;`,
    );
    this.addSql('create index sme_chunk_tsv_idx on sme_chunk using gin (tsv);');
    this.addSql('alter table sme_chunk drop column ts_config;');
    this.addSql('drop index course_tags_idx;');
    this.addSql('alter table course drop column tags;');
    this.addSql('drop index sme_document_tags_idx;');
    this.addSql('alter table sme_document drop column source_url, drop column upload_id, drop column tags, drop column language;');
  }
}
