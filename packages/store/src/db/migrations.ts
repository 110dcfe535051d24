import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Versioned migrations, in code so they ship inside the bundle. Each one is
 * written for both dialects; the only difference so far is how the audit
 * row id is generated. Never edit a migration that has shipped: add one.
 */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-initial': {
      // Kysely<any> on purpose: a migration must not depend on today's table types.
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('workspace_settings')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('region', 'text', (c) => c.notNull())
          .addColumn('call_in_number', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('teams')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('pause_reasons')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('system', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('campaigns')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('direction', 'text', (c) => c.notNull())
          .addColumn('dial_mode', 'text')
          .addColumn('wrap_codes', 'text', (c) => c.notNull())
          .addColumn('default_wrap_code_id', 'text')
          .addColumn('auto_wrap_seconds', 'integer')
          .addColumn('extend_seconds', 'integer')
          .addColumn('recording', 'text', (c) => c.notNull())
          .addColumn('bookmarks', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('announcements', 'text', (c) => c.notNull())
          .addColumn('transfer_numbers', 'text', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        // Usernames and agent numbers are unique among the active rows only
        // (checked by the workspace loader): a removed agent keeps its row.
        await db.schema
          .createTable('agents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('agent_number', 'text', (c) => c.notNull())
          .addColumn('pin_hash', 'text', (c) => c.notNull())
          .addColumn('default_number', 'text')
          .addColumn('team_id', 'text', (c) => c.references('teams.id'))
          .addColumn('transfers_while_paused', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('region', 'text')
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('agents_username_idx').on('agents').column('username').execute();
        await db.schema.createIndex('agents_agent_number_idx').on('agents').column('agent_number').execute();

        await db.schema
          .createTable('agent_campaigns')
          .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
          .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('agent_campaigns_pk', ['agent_id', 'campaign_id'])
          .execute();

        await db.schema
          .createTable('staff')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('team_id', 'text', (c) => c.references('teams.id'))
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('staff_username_idx').on('staff').column('username').execute();

        await db.schema
          .createTable('queues')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        // Saved by agents ("Save as default"), never by the workspace file.
        await db.schema
          .createTable('voice_defaults')
          .addColumn('agent_id', 'text', (c) => c.primaryKey().references('agents.id'))
          .addColumn('method', 'text', (c) => c.notNull())
          .addColumn('number', 'text')
          .addColumn('persistent', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        let audit = db.schema.createTable('audit');
        audit = dialect === 'postgres' ? audit.addColumn('id', 'bigserial', (c) => c.primaryKey()) : audit.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
        await audit
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
          .addColumn('session_id', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('from_state', 'text')
          .addColumn('to_state', 'text')
          .addColumn('detail', 'text')
          .execute();
        await db.schema.createIndex('audit_agent_idx').on('audit').columns(['agent_id', 'id']).execute();

        await db.schema
          .createTable('tokens')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.createIndex('tokens_user_idx').on('tokens').column('user_id').execute();
      },
    },
    '0002-call-records': {
      // One row per interaction. The searchable fields are columns; `data` is
      // the whole CallRecord as JSON (legs, IVR data, notes, markers, file) and
      // is what get() returns. No foreign keys: a record must be kept even if
      // its agent or campaign is later removed from the workspace file.
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('call_records')
          .addColumn('interaction_id', 'text', (c) => c.primaryKey())
          .addColumn('version', 'bigint', (c) => c.notNull())
          .addColumn('final', 'integer', (c) => c.notNull())
          .addColumn('direction', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('campaign_id', 'text')
          .addColumn('queue_id', 'text')
          .addColumn('agent_id', 'text')
          .addColumn('customer_number', 'text')
          .addColumn('outcome_id', 'text')
          .addColumn('end_cause', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('answered_at', 'bigint')
          .addColumn('ended_at', 'bigint')
          .addColumn('closed_at', 'bigint')
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('call_records_created_idx').on('call_records').columns(['created_at', 'interaction_id']).execute();
        await db.schema.createIndex('call_records_agent_idx').on('call_records').columns(['agent_id', 'created_at']).execute();
        await db.schema.createIndex('call_records_open_idx').on('call_records').column('final').execute();
      },
    },
    '0003-callbacks': {
      // Callback requests left in an IVR, for the outbound dialler. No foreign
      // keys, as call records: the campaign may leave the workspace file later.
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('callbacks')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('campaign_id', 'text')
          .addColumn('queue_id', 'text', (c) => c.notNull())
          .addColumn('workflow_id', 'text', (c) => c.notNull())
          .addColumn('interaction_id', 'text')
          .addColumn('number', 'text', (c) => c.notNull())
          .addColumn('requested_at', 'bigint', (c) => c.notNull())
          .addColumn('ivr_data', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('callbacks_status_idx').on('callbacks').columns(['status', 'requested_at']).execute();
      },
    },
    '0004-command-results': {
      // The answer to each command by (agent, requestId), kept for a time window
      // so a retry is answered, not applied again, even after a restart. Written
      // in the same transaction as the command's audit rows.
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('command_results')
          .addColumn('agent_id', 'text', (c) => c.notNull())
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('response', 'text', (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('command_results_pk', ['agent_id', 'request_id'])
          .execute();
        await db.schema.createIndex('command_results_at_idx').on('command_results').column('at').execute();
      },
    },
    '0005-phone-credentials': {
      // Agents' phone (SIP digest) credentials as Kamailio's subscriber table keeps them: HA1 =
      // H(user:realm:password) per algorithm, never the password. One row per digest user name
      // (an agent's username and agent number both register), unique per realm. `origin`: 'shared'
      // (seeded from SIP_PHONE_PASSWORD) or 'issued' (generated for the agent, shown once).
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('phone_credentials')
          .addColumn('realm', 'text', (c) => c.notNull())
          .addColumn('digest_user', 'text', (c) => c.notNull())
          .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
          .addColumn('ha1_md5', 'text', (c) => c.notNull())
          .addColumn('ha1_sha256', 'text', (c) => c.notNull())
          .addColumn('origin', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('phone_credentials_pk', ['realm', 'digest_user'])
          .execute();
        await db.schema.createIndex('phone_credentials_agent_idx').on('phone_credentials').columns(['agent_id', 'realm']).execute();
      },
    },
    '0006-recordings': {
      // Recordings are found through their call records: the WAV's path becomes a column (backfilled
      // from the record's JSON), with the time the retention job deleted it. recording_access is the
      // audit of who played or downloaded which recording (staff too, so no foreign key to agents).
      async up(db: Kysely<any>) {
        await db.schema.alterTable('call_records').addColumn('recording_file', 'text').execute();
        await db.schema.alterTable('call_records').addColumn('recording_deleted_at', 'bigint').execute();
        const extract = dialect === 'postgres' ? sql`(data::json->'recording'->>'file')` : sql`json_extract(data, '$.recording.file')`;
        await sql`update call_records set recording_file = ${extract}`.execute(db);
        let access = db.schema.createTable('recording_access');
        access = dialect === 'postgres' ? access.addColumn('id', 'bigserial', (c) => c.primaryKey()) : access.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
        await access
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('interaction_id', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('detail', 'text')
          .execute();
        await db.schema.createIndex('recording_access_interaction_idx').on('recording_access').columns(['interaction_id', 'id']).execute();
      },
    },
    '0007-assist-requests': {
      // Request assistance (manual 17): an agent's message to a supervisor, kept so a restart loses
      // none; viewed_at is the receipt the agent is told of. Names are copied in: the staff member
      // or agent may leave the workspace file later.
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('assist_requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('agent_id', 'text', (c) => c.notNull())
          .addColumn('agent_name', 'text', (c) => c.notNull())
          .addColumn('team_id', 'text')
          .addColumn('to_user_id', 'text', (c) => c.notNull())
          .addColumn('to_name', 'text', (c) => c.notNull())
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('priority', 'text', (c) => c.notNull())
          .addColumn('interaction_id', 'text')
          .addColumn('customer_number', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('viewed_at', 'bigint')
          .execute();
        await db.schema.createIndex('assist_requests_to_idx').on('assist_requests').columns(['to_user_id', 'created_at']).execute();
        await db.schema.createIndex('assist_requests_agent_idx').on('assist_requests').columns(['agent_id', 'created_at']).execute();
      },
    },
    '0008-pause-reason-transfers': {
      // Transfers (issue 18): agents paused with a reason marked takes_transfers are still offered
      // transferred calls. Existing reasons do not (the file's default); the next load sets it.
      async up(db: Kysely<any>) {
        await db.schema
          .alterTable('pause_reasons')
          .addColumn('takes_transfers', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0009-config-changes': {
      // Configuration edits through the API (issue 20.6): who changed which item of the workspace
      // file, when, from which file version to which, with a summary (never a secret). Staff make
      // them, so no foreign key to agents.
      async up(db: Kysely<any>) {
        let t = db.schema.createTable('config_changes');
        t = dialect === 'postgres' ? t.addColumn('id', 'bigserial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
        await t
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('section', 'text', (c) => c.notNull())
          .addColumn('item_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('version_before', 'text', (c) => c.notNull())
          .addColumn('version_after', 'text', (c) => c.notNull())
          .addColumn('detail', 'text')
          .execute();
      },
    },
  };
}

export class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/** Names of every migration in order, for tests and the readiness report. */
export function migrationNames(dialect: DialectName): string[] {
  return Object.keys(migrations(dialect)).sort();
}
