import { type CommandMetadata, UserError, can } from '@weft/kernel';
import { type ExecutionActorFacts, type ExecutionTenantCommand } from './execution-commands.js';
import { EXECUTION_LOG_LEVELS, type ExecutionError, type ExecutionItem, type ExecutionLogLine, type ExecutionUsage } from './execution-events.js';

// The rules every execution command's data follows: ids, counts, items, inline payloads
// and their size, recordable errors, usage, who may act. The deciders (execution-decider,
// execution-progress) apply them; the feature's payload store keeps what is too large
// to ride in an event (libs/execution/feature, runner/execution-payload-store.ts).

/**
 * Largest payload (items, outputs) carried inline in an event, in characters of JSON.
 * Larger ones are stored by the caller and named by a `...Ref`: the event store and
 * every consumer's copy stay small, and a Kafka message stays far below its limit.
 */
export const EXECUTION_INLINE_PAYLOAD_MAX_LENGTH = 64 * 1024;
/** Error texts are truncated to this, never refused: a failure must always be recordable. */
export const EXECUTION_ERROR_TEXT_MAX_LENGTH = 4 * 1024;
const ID_MAX_LENGTH = 256;

/** `validation` error `execution.<code>` on `field`. */
export function invalid(code: string, field: string, message: string): UserError {
  return new UserError('validation', `execution.${code}`, `${field} ${message}.`, { errors: [{ field, message }] });
}

/** A non-empty id of at most 256 characters, trimmed. */
export function requireId(value: string | null | undefined, field: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0 || trimmed.length > ID_MAX_LENGTH) throw invalid(`${field}_invalid`, field, `must be 1 to ${ID_MAX_LENGTH} characters`);
  return trimmed;
}

/** `null` for absent or empty, else `requireId`. */
export function optionalId(value: string | null | undefined, field: string): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : requireId(value, field);
}

/** A non-negative safe integer. */
export function requireCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw invalid(`${field}_invalid`, field, 'must be a non-negative integer');
  return value;
}

/**
 * An inline payload or a reference to one, never both; the inline one at most
 * `EXECUTION_INLINE_PAYLOAD_MAX_LENGTH` characters of JSON (`execution.payload_too_large`).
 */
export function payloadOrRef<T>(inline: T | null | undefined, ref: string | null | undefined, field: string): { inline: T | null; ref: string | null } {
  const reference = optionalId(ref, `${field}Ref`);
  const value = inline ?? null;
  if (value !== null && reference !== null) throw invalid(`${field}_ambiguous`, field, `and ${field}Ref exclude each other`);
  if (value !== null && (JSON.stringify(value)?.length ?? 0) > EXECUTION_INLINE_PAYLOAD_MAX_LENGTH) {
    throw new UserError(
      'validation',
      'execution.payload_too_large',
      `${field} is larger than ${EXECUTION_INLINE_PAYLOAD_MAX_LENGTH} characters of JSON; store it and pass ${field}Ref.`,
      {
        errors: [{ field, message: 'too large to carry inline' }],
      },
    );
  }
  return { inline: value, ref: reference };
}

/** Items must be an array of objects with a `json` object. */
export function requireItems(items: readonly ExecutionItem[] | null, field: string): readonly ExecutionItem[] | null {
  if (items === null) return null;
  const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!Array.isArray(items) || !items.every((item) => isObject(item) && isObject(item.json)))
    throw invalid(`${field}_invalid`, field, 'must be items ({json} objects)');
  return items;
}

/** The error with only its known fields, its texts truncated; an empty message becomes "Unknown error". */
export function recordableError(error: ExecutionError): ExecutionError {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.slice(0, EXECUTION_ERROR_TEXT_MAX_LENGTH) : undefined);
  const recorded: { -readonly [K in keyof ExecutionError]: ExecutionError[K] } = { message: text(error?.message) ?? 'Unknown error' };
  const name = text(error?.name);
  const nodeId = text(error?.nodeId);
  const description = text(error?.description);
  if (name !== undefined) recorded.name = name;
  if (nodeId !== undefined) recorded.nodeId = nodeId;
  if (description !== undefined) recorded.description = description;
  return recorded;
}

/**
 * Lines of one node run's log at most, and their characters all together: far above what
 * the engine lets an execution log (200 lines, 32 Ki characters, and one line per node
 * run saying what it dropped), so that only a worker that does not bound its logs meets them.
 */
export const EXECUTION_LOG_LINES_MAX = 500;
export const EXECUTION_LOG_TEXT_MAX_LENGTH = 64 * 1024;

const LEVELS: ReadonlySet<string> = new Set(EXECUTION_LOG_LEVELS);
// What PostgreSQL cannot store as text or in jsonb (the event store): a NUL, half of a surrogate pair.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A node run's log as it is recorded, `undefined` for none: levels known (others become
 * `info`), messages storable and at most `EXECUTION_ERROR_TEXT_MAX_LENGTH` characters each,
 * at most `EXECUTION_LOG_LINES_MAX` lines and `EXECUTION_LOG_TEXT_MAX_LENGTH` characters.
 * What is over is left out, never refused: a node run must always be recordable.
 */
export function recordableLogs(lines: readonly ExecutionLogLine[] | undefined): ExecutionLogLine[] | undefined {
  if (!Array.isArray(lines) || lines.length === 0) return undefined;
  const recorded: ExecutionLogLine[] = [];
  let characters = 0;
  for (const line of lines.slice(0, EXECUTION_LOG_LINES_MAX)) {
    const text = typeof line?.message === 'string' ? line.message : String(line?.message);
    const message = text.slice(0, Math.min(EXECUTION_ERROR_TEXT_MAX_LENGTH, EXECUTION_LOG_TEXT_MAX_LENGTH - characters)).replace(UNSTORABLE, '\ufffd');
    if (message.length === 0 && text.length > 0) break;
    recorded.push({ level: LEVELS.has(line?.level) ? line.level : 'info', message });
    characters += message.length;
  }
  return recorded.length === 0 ? undefined : recorded;
}

/** Three non-negative numbers, and nothing else. */
export function requireUsage(usage: ExecutionUsage): ExecutionUsage {
  const fits = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if (!usage || !fits(usage.cpuMs) || !fits(usage.memoryBytes) || !fits(usage.networkBytes))
    throw invalid('usage_invalid', 'usage', 'must hold cpuMs, memoryBytes and networkBytes ≥ 0');
  return { cpuMs: usage.cpuMs, memoryBytes: usage.memoryBytes, networkBytes: usage.networkBytes };
}

/**
 * Who a command is recorded as coming from (`queuedBy`, `canceledBy`, `retriedBy`): its
 * actor, or `null` for the platform's own commands — those without an actor (a run's
 * progress, webhooks) and those of the kernel's `SYSTEM_ACTOR` (schedules, automatic
 * retries, recovery).
 */
export function recordedActorOf(metadata: CommandMetadata): string | null {
  return metadata.actorType === 'system' ? null : (metadata.actorId ?? null);
}

/**
 * `forbidden` (`execution.permission_denied`) unless the actor may run workflows. The
 * platform's own commands (`recordedActorOf` is `null`: a watchdog, automatic retries, a
 * deleted workflow's runs) are not checked.
 */
export function requireExecutePermission(command: ExecutionTenantCommand<string, ExecutionActorFacts>): void {
  if (recordedActorOf(command.metadata) === null) return;
  const { actorRole } = command.data;
  if (actorRole === null || !can(actorRole, 'workflow:execute')) {
    throw new UserError('forbidden', 'execution.permission_denied', 'This needs the workflow:execute permission.', { permission: 'workflow:execute' });
  }
}

/** Milliseconds from `since` to `now`, never negative; `null` when it never started. */
export function millisSince(since: string | null, now: Date): number | null {
  return since === null ? null : Math.max(0, now.getTime() - Date.parse(since));
}
