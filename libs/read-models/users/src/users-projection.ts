import {
  type UserCurrentOrganizationChangedData,
  type UserDeactivatedData,
  type UserEmailVerifiedData,
  type UserPlatformRoleChangedData,
  type UserProfileUpdatedData,
  type UserReactivatedData,
  type UserRegisteredData,
} from '@weft/contracts';
import { type RecordedEvent, contextOfStream } from '@weft/kernel';
import { TENANT_READER_ROLE } from '@weft/postgres';
import { type ProjectionDefinition } from '@weft/projections';

/** The projection's name: its checkpoint row, and what read-your-writes waits for. */
export const USERS_PROJECTION = 'identity_users';

// A login starts a refresh-token family; identity has no public "logged in" event yet,
// so `last_login_at` comes from that internal event's two non-secret fields.
interface SessionStartedData {
  readonly userId: string;
  readonly startedAt: string;
}

const createUsers = (t: string) => [
  `create table ${t} (
     id uuid not null,
     name text not null,
     email text not null,
     role text not null,
     email_verified boolean not null default false,
     current_organization_id uuid,
     is_active boolean not null default true,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     last_login_at timestamptz,
     deactivated_at timestamptz,
     deactivated_by uuid,
     deactivation_reason text,
     reactivated_at timestamptz,
     constraint ${t}_pkey primary key (id),
     constraint ${t}_role_check check (role in ('user', 'admin', 'super_admin'))
   )`,
  `create unique index ${t}_email_key on ${t} (lower(email))`,
  // Not tenant-owned: tenant queries join it for member names (their own filter picks the rows).
  `grant select on ${t} to ${TENANT_READER_ROLE}`,
];

// Columns added after the first release: a table created by the older DDL gains them on start.
const upgradeUsers = (t: string) => [
  `alter table ${t} add column if not exists deactivated_at timestamptz`,
  `alter table ${t} add column if not exists deactivated_by uuid`,
  `alter table ${t} add column if not exists deactivation_reason text`,
  `alter table ${t} add column if not exists reactivated_at timestamptz`,
];

/**
 * The `users` read model, from identity's events. It reads only the fields of the
 * public contracts (a stored `UserRegistered` also holds the password hash, which is
 * never copied here). Events of other contexts are ignored by their stream's context.
 * Every authenticated request reads `is_active`, `role` and `reactivated_at` of its
 * user here (by primary key), and the API-key lookup checks its creator's `is_active`.
 */
export const usersProjection: ProjectionDefinition = {
  name: USERS_PROJECTION,
  tables: [{ name: 'users', create: createUsers, upgrade: upgradeUsers }],
  async apply(event, tx) {
    if (contextOfStream(event.streamId) !== 'identity') return;
    const statement = statementFor(event);
    if (statement) await tx.query(statement.sql.replaceAll('$users', tx.table('users')), statement.values);
  },
};

interface Statement {
  readonly sql: string;
  readonly values: readonly unknown[];
}

function statementFor(event: RecordedEvent): Statement | undefined {
  switch (event.type) {
    case 'UserRegistered': {
      // No conflict target: a repeat and a (never expected) second user with a taken email
      // are both skipped, rather than wedging the projection on the unique index.
      const d = event.data as UserRegisteredData;
      return {
        sql: `insert into $users (id, name, email, role, email_verified, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6) on conflict do nothing`,
        values: [d.userId, d.name, d.email, d.platformRole, d.emailVerified, d.registeredAt],
      };
    }
    case 'UserEmailVerified': {
      const d = event.data as UserEmailVerifiedData;
      return update(d.userId, d.verifiedAt, 'email_verified = true, email = $3', [d.email]);
    }
    case 'UserProfileUpdated': {
      const d = event.data as UserProfileUpdatedData;
      return update(d.userId, d.updatedAt, 'name = $3', [d.name]);
    }
    case 'UserCurrentOrganizationChanged': {
      const d = event.data as UserCurrentOrganizationChangedData;
      return update(d.userId, d.changedAt, 'current_organization_id = $3', [d.organizationId]);
    }
    case 'UserPlatformRoleChanged': {
      const d = event.data as UserPlatformRoleChangedData;
      return update(d.userId, d.changedAt, 'role = $3', [d.to]);
    }
    case 'UserDeactivated': {
      const d = event.data as UserDeactivatedData;
      return update(d.userId, d.deactivatedAt, 'is_active = false, deactivated_at = $2, deactivated_by = $3, deactivation_reason = $4', [
        d.deactivatedBy,
        d.reason,
      ]);
    }
    case 'UserReactivated': {
      // `reactivated_at` stays: access tokens issued before it are refused (users-queries.ts).
      const d = event.data as UserReactivatedData;
      return update(
        d.userId,
        d.reactivatedAt,
        'is_active = true, deactivated_at = null, deactivated_by = null, deactivation_reason = null, reactivated_at = $2',
        [],
      );
    }
    case 'RefreshTokenFamilyStarted': {
      const d = event.data as SessionStartedData;
      return { sql: `update $users set last_login_at = $2 where id = $1`, values: [d.userId, d.startedAt] };
    }
    default:
      return undefined;
  }
}

function update(userId: string, at: string, assignments: string, values: readonly unknown[]): Statement {
  return { sql: `update $users set ${assignments}, updated_at = $2 where id = $1`, values: [userId, at, ...values] };
}
