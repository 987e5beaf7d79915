import { randomUUID } from 'node:crypto';
import { EXECUTION_INLINE_PAYLOAD_MAX_LENGTH } from '@weft/execution-domain';
import { JSON_DEPTH_CEILING, UserError, jsonTextExceedsDepth } from '@weft/kernel';
import { type Database, type Migration, tenantIsolationDdl } from '@weft/postgres';

/** Largest payload (items of one input, output, node run or checkpoint) a run may produce, as JSON. */
export const EXECUTION_PAYLOAD_MAX_LENGTH = 16 * 1024 * 1024;

export const executionPayloadMigrations: readonly Migration[] = [
  {
    id: '202612020700_execution_payloads',
    up: [
      `create table execution_payloads (
         id uuid primary key,
         organization_id uuid not null,
         execution_id uuid not null,
         kind text not null,
         data jsonb not null,
         created_at timestamptz not null default now()
       )`,
      'create index execution_payloads_execution_id_idx on execution_payloads (execution_id)',
      'create index execution_payloads_created_at_idx on execution_payloads (created_at)',
      ...tenantIsolationDdl('execution_payloads'),
    ].join(';\n'),
    down: 'drop table if exists execution_payloads',
  },
  {
    // Retention deletes the payloads of one organization (its own retention) by age.
    id: '202612021700_execution_payloads_organization_created_at',
    up: 'create index if not exists execution_payloads_organization_id_created_at_idx on execution_payloads (organization_id, created_at)',
    down: 'drop index if exists execution_payloads_organization_id_created_at_idx',
  },
];

/**
 * Deepest nesting a recorded payload may have: items nest at most 1,000 levels
 * (MAX_ITEM_DEPTH, checked where data enters a run) and a payload wraps them in a few
 * more (a checkpoint: runData, node, run, outputs, port, item); an event wraps the
 * payload again before its canonical JSON (at most JSON_DEPTH_CEILING).
 */
const PAYLOAD_MAX_DEPTH = JSON_DEPTH_CEILING - 100;

/**
 * A payload as JSON text, or `execution.payload_too_deep`: data grown deeper inside a
 * run (a loop nesting it further on every pass) is refused here as a payload too large
 * is, never as a stack overflow in the writes that follow.
 */
export function payloadJson(kind: string, value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw tooDeep(kind);
  }
  if (jsonTextExceedsDepth(json, PAYLOAD_MAX_DEPTH)) throw tooDeep(kind);
  return json;
}

const tooDeep = (kind: string) =>
  new UserError(
    'unprocessable',
    'execution.payload_too_deep',
    `The ${kind} of this run nests objects and arrays deeper than ${PAYLOAD_MAX_DEPTH} levels, too deep to be recorded. Return flatter items.`,
  );

/**
 * The payload store: payloads too large to ride in an event (inputs, node outputs,
 * checkpoints over 64 KiB of JSON, the domain's `EXECUTION_INLINE_PAYLOAD_MAX_LENGTH`)
 * are stored in `execution_payloads` and the event names them by id; retention deletes
 * them with their executions. Anything over 16 MiB is refused: a run that produces it
 * fails with a message saying so. (What an event may carry inline is the domain's rule,
 * `execution-rules.ts` in `@weft/execution-domain`.)
 */
export class ExecutionPayloadStore {
  constructor(private readonly db: Database) {}

  /** `value` inline when small enough, else stored: exactly one of the two is set. `length`: its JSON's, in characters. */
  async inlineOrRef<T>(organizationId: string, executionId: string, kind: string, value: T): Promise<{ inline: T | null; ref: string | null; length: number }> {
    const json = payloadJson(kind, value);
    if (json.length <= EXECUTION_INLINE_PAYLOAD_MAX_LENGTH) return { inline: value, ref: null, length: json.length };
    if (json.length > EXECUTION_PAYLOAD_MAX_LENGTH) {
      throw new UserError(
        'unprocessable',
        'execution.payload_too_large',
        `The ${kind} of this run is ${json.length} characters of JSON; at most ${EXECUTION_PAYLOAD_MAX_LENGTH} are kept. Return fewer or smaller items.`,
      );
    }
    const id = randomUUID();
    await this.db.query('insert into execution_payloads (id, organization_id, execution_id, kind, data) values ($1, $2, $3, $4, $5)', [
      id,
      organizationId,
      executionId,
      kind,
      json,
    ]);
    return { inline: null, ref: id, length: json.length };
  }

  /** A stored payload of the organization's; `undefined` when it is gone (retention). */
  async read<T>(organizationId: string, ref: string): Promise<T | undefined> {
    const { rows } = await this.db.query<{ data: T }>('select data from execution_payloads where id = $1 and organization_id = $2', [ref, organizationId]);
    return rows[0]?.data;
  }
}
