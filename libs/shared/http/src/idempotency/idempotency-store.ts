import { createHash, randomUUID } from 'node:crypto';
import { type Queryable } from '@weft/postgres';

/** What one Idempotency-Key is scoped to: the caller, the method, the path and the key itself. */
export interface IdempotencyScope {
  /** sha256 of the credential header (Authorization or X-API-Key), or `anonymous`. */
  readonly callerHash: string;
  readonly method: string;
  readonly path: string;
  readonly key: string;
}

/** The parts of an answer that a replay gives back. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** A claim this process holds on a key while its first request runs. */
export interface IdempotencyClaim {
  readonly id: string;
  readonly token: string;
}

export type ClaimOutcome =
  | { readonly outcome: 'owner'; readonly claim: IdempotencyClaim }
  | { readonly outcome: 'replay'; readonly response: StoredResponse }
  | { readonly outcome: 'in_flight'; readonly retryAfterSeconds: number }
  | { readonly outcome: 'mismatch' };

export interface IdempotencyTimes {
  /** How long a key is remembered after its first use. */
  readonly ttlMs: number;
  /** How long an in-flight claim blocks the key before it counts as abandoned (the process died). */
  readonly leaseMs: number;
}

interface Row {
  fingerprint: string;
  state: 'in_flight' | 'completed';
  status: number | null;
  headers: Record<string, string> | null;
  body: Buffer | null;
  expired: boolean;
  abandoned: boolean;
}

const MAX_ATTEMPTS = 4;

const scopeId = (scope: IdempotencyScope) =>
  createHash('sha256')
    .update(JSON.stringify([scope.callerHash, scope.method, scope.path, scope.key]))
    .digest('hex');

/**
 * The SQL of Idempotency-Key. Every statement is one atomic statement on its own (no
 * transaction is held while a handler runs: the embedded database has one connection,
 * which the handler needs). Time is the database's `now()`, so replicas agree on it.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: Queryable,
    private readonly times: IdempotencyTimes,
  ) {}

  /**
   * Claims the key for this request, or says what to answer instead. An expired row is
   * deleted and the key claimed afresh; an abandoned in-flight row is taken over.
   */
  async claim(scope: IdempotencyScope, fingerprint: string): Promise<ClaimOutcome> {
    const id = scopeId(scope);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const token = randomUUID();
      const inserted = await this.db.query(
        `insert into idempotency_keys (id, caller_hash, method, path, idempotency_key, fingerprint, owner_token, expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, now() + $8::double precision * interval '1 millisecond')
         on conflict (id) do nothing`,
        [id, scope.callerHash, scope.method, scope.path, scope.key, fingerprint, token, this.times.ttlMs],
      );
      if (inserted.rowCount === 1) return { outcome: 'owner', claim: { id, token } };

      const { rows } = await this.db.query<Row>(
        `select fingerprint, state, status, headers, body, expires_at <= now() as expired,
                locked_at <= now() - $2::double precision * interval '1 millisecond' as abandoned
           from idempotency_keys where id = $1`,
        [id, this.times.leaseMs],
      );
      const row = rows[0];
      if (row === undefined) continue; // released in between: try to claim it again
      if (row.expired) {
        await this.db.query('delete from idempotency_keys where id = $1 and expires_at <= now()', [id]);
        continue;
      }
      if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' };
      if (row.state === 'completed')
        return { outcome: 'replay', response: { status: row.status ?? 200, headers: row.headers ?? {}, body: row.body ?? Buffer.alloc(0) } };
      if (!row.abandoned) return { outcome: 'in_flight', retryAfterSeconds: 1 };
      const taken = await this.db.query(
        `update idempotency_keys
            set owner_token = $2, locked_at = now(), expires_at = now() + $4::double precision * interval '1 millisecond'
          where id = $1 and state = 'in_flight' and locked_at <= now() - $3::double precision * interval '1 millisecond'`,
        [id, token, this.times.leaseMs, this.times.ttlMs],
      );
      if (taken.rowCount === 1) return { outcome: 'owner', claim: { id, token } };
      // Another request took it over (or it completed) in between: look again.
    }
    return { outcome: 'in_flight', retryAfterSeconds: 1 };
  }

  /** Stores the answer; a no-op when the claim was lost (taken over after its lease ran out). */
  async complete(claim: IdempotencyClaim, response: StoredResponse): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `update idempotency_keys
          set state = 'completed', owner_token = null, completed_at = now(), status = $3, headers = $4, body = $5
        where id = $1 and owner_token = $2 and state = 'in_flight'`,
      [claim.id, claim.token, response.status, JSON.stringify(response.headers), response.body],
    );
    return rowCount === 1;
  }

  /** Extends the lease of a claim whose request still runs; false when the claim was lost. */
  async renew(claim: IdempotencyClaim): Promise<boolean> {
    const { rowCount } = await this.db.query(`update idempotency_keys set locked_at = now() where id = $1 and owner_token = $2 and state = 'in_flight'`, [
      claim.id,
      claim.token,
    ]);
    return rowCount === 1;
  }

  /** Forgets the claim, so that a retry runs the request again (after a 5xx, or an answer not stored). */
  async release(claim: IdempotencyClaim): Promise<void> {
    await this.db.query(`delete from idempotency_keys where id = $1 and owner_token = $2 and state = 'in_flight'`, [claim.id, claim.token]);
  }

  /** Deletes every expired row; returns how many. */
  async sweep(): Promise<number> {
    const { rowCount } = await this.db.query('delete from idempotency_keys where expires_at <= now()');
    return rowCount ?? 0;
  }

  /** Whether the `idempotency_keys` migration was applied to this database. */
  async tableExists(): Promise<boolean> {
    const { rows } = await this.db.query<{ present: boolean }>(`select to_regclass('idempotency_keys') is not null as present`);
    return rows[0]?.present === true;
  }
}
