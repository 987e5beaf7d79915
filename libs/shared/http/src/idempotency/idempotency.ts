import { type Hash, type KeyObject, createHash, createHmac } from 'node:crypto';
import { type Readable, Transform, pipeline } from 'node:stream';
import { Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { UserError } from '@weft/kernel';
import { Database } from '@weft/postgres';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTHENTICATOR, type Authenticator, type Principal } from '../access/principal.js';
import { type IdempotencyClaim, IdempotencyStore, type IdempotencyScope } from './idempotency-store.js';
import { type ProblemDetails, sendProblem, sendProblemDetails } from '../problem-details.js';

/** How Idempotency-Key behaves; every field has a default. */
export interface IdempotencyOptions {
  /** How long a key is remembered after its first use (default 24 h). */
  readonly ttlMs: number;
  /** How long an in-flight request blocks its key before it counts as abandoned (default 60 s). */
  readonly leaseMs: number;
  /** Larger response bodies are answered but not stored, and the key is released (default 1 MiB). */
  readonly maxStoredBodyBytes: number;
  /** How often expired keys are deleted (default 10 min; 0 turns the sweep off, expired keys still go lazily). */
  readonly sweepIntervalMs: number;
}

export const DEFAULT_IDEMPOTENCY_OPTIONS: IdempotencyOptions = {
  ttlMs: 24 * 60 * 60 * 1000,
  leaseMs: 60 * 1000,
  maxStoredBodyBytes: 1_048_576,
  sweepIntervalMs: 10 * 60 * 1000,
};

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

const METHODS = new Set(['POST', 'PATCH', 'DELETE']);
const KEY_FORMAT = /^[\x20-\x7e]{1,255}$/;
/** The response headers a replay gives back; the rest (request id, CORS, dates) belong to the replaying request. */
const STORED_HEADERS = ['content-type', 'location'] as const;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/**
 * Paths whose routes authenticate their callers themselves (a webhook's own basic or
 * header credential, a resume URL's execution id): they take Idempotency-Key through
 * `beginIdempotentRequest` once they know who is calling, never before.
 */
const SELF_AUTHENTICATING_PATHS = ['/webhook/', '/webhook-waiting/'];
/** The scope of callers who present no credential (public routes: register, login, ...). */
const ANONYMOUS = 'anonymous';

/** The principal a replay is scoped to: who was authenticated, never the credential itself. */
export const principalKeyOf = (principal: Principal): string => (principal.kind === 'user' ? `user:${principal.userId}` : `apiKey:${principal.apiKeyId}`);

const callerHashOf = (principalKey: string) => (principalKey === ANONYMOUS ? ANONYMOUS : sha256(principalKey));
const selfAuthenticating = (request: FastifyRequest) => SELF_AUTHENTICATING_PATHS.some((prefix) => request.url.startsWith(prefix));
const hasCredential = (request: FastifyRequest) => request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined;

/**
 * The key fingerprints are HMACs under: a secret of the deployment's configuration
 * (identity derives it from the signing key), never stored, so that a stored
 * fingerprint of a body holding a secret (a credential's data, a new password) cannot
 * be brute-forced offline from a database copy.
 */
export const IDEMPOTENCY_FINGERPRINT_KEY = Symbol('IdempotencyFingerprintKey');

/** HMAC(key, principal, sha256(body)): bound to who sent the body as well as to the body. */
function fingerprintOf(key: KeyObject | undefined, principalKey: string, bodyDigest: Buffer): string {
  const hmac = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  return hmac.update(principalKey).update('\u0000').update(bodyDigest).digest('hex');
}

interface Pending {
  /** sha256 of the raw body; the fingerprint is keyed once the principal is known. */
  readonly hash: Hash;
  claim?: IdempotencyClaim;
  stopRenewing?: () => void;
}

/** Who the request speaks for, for the replay scope: a principal key, `anonymous`, or `undefined` when its credential did not authenticate. */
type IdentifyCaller = (request: FastifyRequest, reply: FastifyReply) => Promise<string | undefined>;

/** Claims a request's key for a principal; answers a replay or a refusal itself and says whether the handler may run. */
type Gate = (request: FastifyRequest, reply: FastifyReply, principalKey: string) => Promise<boolean>;
const gates = new WeakMap<FastifyInstance, Gate>();

/**
 * For routes that authenticate their callers themselves (webhooks): call it once the
 * caller is authenticated, with who they are (`principalKey`, e.g. the webhook and the
 * credential it checked). `true`: run the request; `false`: it was answered already
 * (the stored answer of a repeat, 409 while the first runs, 422 for another body, 400
 * for a malformed key). Without an Idempotency-Key, or when the application does not
 * enforce it, always `true`.
 */
export function beginIdempotentRequest(request: FastifyRequest, reply: FastifyReply, principalKey: string): Promise<boolean> {
  return gates.get(request.server)?.(request, reply, principalKey) ?? Promise.resolve(true);
}

/**
 * Installs Idempotency-Key on every POST, PATCH and DELETE of the application, as
 * Fastify hooks rather than a Nest interceptor: an interceptor sees neither the raw
 * body (only the parsed one) nor the final serialized answer (exception filters write
 * errors straight to the reply, after interceptors), and a replay must not run guards
 * or handlers again. So:
 * - `preParsing` tees the raw body through the fingerprint hash;
 * - `preHandler` authenticates first (`identify`): a request whose credential does not
 *   authenticate is neither claimed nor replayed (its 401 comes from the access guard
 *   and is never stored); then it validates the key and claims it for the principal
 *   (`insert ... on conflict do nothing`), or answers at once: the stored answer
 *   (replay), 409 in flight, 422 another body. Routes that authenticate callers
 *   themselves (webhooks) skip this hook and call `beginIdempotentRequest` after their
 *   own check;
 * - `onSend` sees the serialized payload and status of every answer, errors included,
 *   and stores it, or releases the key on a 401, a 5xx/429 or an answer too big to store.
 * Every query is a single statement: no transaction or connection is held while the
 * handler runs (the embedded database has one connection).
 */
export function installIdempotency(
  fastify: FastifyInstance,
  store: IdempotencyStore,
  options: IdempotencyOptions,
  caller: { readonly identify: IdentifyCaller; readonly fingerprintKey: KeyObject | undefined },
  logger = new Logger('Idempotency'),
): void {
  const requests: KeyedRequests = {
    pending: new WeakMap<FastifyRequest, Pending>(),
    applies: (request) => METHODS.has(request.method) && request.headers[IDEMPOTENCY_KEY_HEADER] !== undefined,
  };
  fastify.addHook('preParsing', async (request, _reply, payload) => hashBody(requests, request, payload));
  const gate = claimGate(requests, store, options, caller.fingerprintKey, logger);
  gates.set(fastify, gate);
  fastify.addHook('preHandler', async (request, reply) => {
    if (!requests.pending.has(request) || request.is404 || selfAuthenticating(request)) return;
    const principalKey = await caller.identify(request, reply);
    if (principalKey === undefined) {
      requests.pending.delete(request); // authentication failed: the guard answers 401, nothing is claimed or stored
      return;
    }
    await gate(request, reply, principalKey);
  });
  fastify.addHook('onSend', async (request, reply, payload) => storeAnswer(requests, store, options, logger, request, reply, payload));
}

/** The requests that carry a key, and what is known of each so far. */
interface KeyedRequests {
  readonly pending: WeakMap<FastifyRequest, Pending>;
  readonly applies: (request: FastifyRequest) => boolean;
}

/** Tees the raw body through sha256 on its way to the parser. */
function hashBody(requests: KeyedRequests, request: FastifyRequest, payload: unknown): unknown {
  if (!requests.applies(request)) return payload;
  const hash = createHash('sha256');
  requests.pending.set(request, { hash });
  const tee = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  // pipeline, not pipe: a client that aborts mid-body errors the tee, and the parser sees it.
  return pipeline(payload as Readable, tee, () => undefined);
}

/** The gate: claims the key for the principal, or answers (malformed key, replay, in flight, another body, store down). */
function claimGate(requests: KeyedRequests, store: IdempotencyStore, options: IdempotencyOptions, fingerprintKey: KeyObject | undefined, logger: Logger): Gate {
  return async (request, reply, principalKey) => {
    const state = requests.pending.get(request);
    if (state === undefined || !requests.applies(request) || state.claim !== undefined) return true;
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
      requests.pending.delete(request);
      await sendProblem(
        request,
        reply,
        new UserError('validation', 'idempotency.key_malformed', 'The Idempotency-Key header must be 1 to 255 printable ASCII characters.'),
      );
      return false;
    }
    const scope: IdempotencyScope = { callerHash: callerHashOf(principalKey), method: request.method, path: request.url.split('?')[0] ?? request.url, key };
    let outcome;
    try {
      outcome = await store.claim(scope, fingerprintOf(fingerprintKey, principalKey, state.hash.digest()));
    } catch (error) {
      requests.pending.delete(request);
      logger.error(`request ${request.id}: Idempotency-Key could not be checked: ${(error as Error)?.stack ?? String(error)}`);
      // Fail closed: running the command without knowing whether it ran already could do it twice.
      await sendUnavailable(request, reply);
      return false;
    }
    if (outcome.outcome === 'owner') {
      state.claim = outcome.claim;
      state.stopRenewing = renewWhileRunning(store, outcome.claim, options.leaseMs, reply, logger);
      return true;
    }
    requests.pending.delete(request);
    await answerInstead(request, reply, outcome);
    return false;
  };
}

/** Stores the answer to a claimed key for its replays, or releases the key when the answer must not be replayed. */
async function storeAnswer(
  requests: KeyedRequests,
  store: IdempotencyStore,
  options: IdempotencyOptions,
  logger: Logger,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  const state = requests.pending.get(request);
  requests.pending.delete(request);
  state?.stopRenewing?.();
  const claim = state?.claim;
  if (claim === undefined) return payload;
  try {
    const body = storableBody(payload);
    // A 401 is never an answer to the request, only to its missing credential: never stored, never replayed.
    if (reply.statusCode === 401 || reply.statusCode >= 500 || reply.statusCode === 429 || body === undefined || body.length > options.maxStoredBodyBytes) {
      await store.release(claim);
    } else if (/no-store/i.test(String(reply.getHeader('cache-control') ?? ''))) {
      await store.complete(claim, notReplayable(request, reply.statusCode));
    } else {
      const headers = Object.fromEntries(STORED_HEADERS.flatMap((name) => (reply.hasHeader(name) ? [[name, String(reply.getHeader(name))]] : [])));
      await store.complete(claim, { status: reply.statusCode, headers, body });
    }
  } catch (error) {
    // The answer still goes out; the in-flight row frees itself when its lease runs out.
    logger.error(`request ${request.id}: the Idempotency-Key answer could not be stored: ${(error as Error)?.stack ?? String(error)}`);
  }
  return payload;
}

/** What a request whose key it could not claim gets: the stored answer, or why not. */
async function answerInstead(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: Exclude<Awaited<ReturnType<IdempotencyStore['claim']>>, { outcome: 'owner' }>,
): Promise<void> {
  switch (outcome.outcome) {
    case 'replay':
      await reply
        .code(outcome.response.status)
        .headers({ ...outcome.response.headers, [IDEMPOTENT_REPLAYED_HEADER]: 'true' })
        .send(outcome.response.body);
      return;
    case 'in_flight':
      await sendProblem(
        request,
        reply,
        new UserError('conflict', 'idempotency.in_progress', 'A request with this Idempotency-Key is in progress; retry later.', {
          retryAfterSeconds: outcome.retryAfterSeconds,
        }),
      );
      return;
    case 'mismatch':
      await sendProblem(
        request,
        reply,
        new UserError(
          'unprocessable',
          'idempotency.key_reused',
          'This Idempotency-Key was already used for another request (a different body); use a new key for a new request.',
        ),
      );
  }
}

/**
 * Who a request speaks for, with the application's authenticator (identity's: bearer
 * JWT or API key): the same check the access guard makes, which then reuses the
 * principal found here. No credential: `anonymous`; a credential that does not
 * authenticate, or no authenticator to check it with: `undefined`.
 */
export function callerIdentifier(authenticator: Authenticator | undefined): IdentifyCaller {
  return async (request, reply) => {
    if (!hasCredential(request)) return ANONYMOUS;
    if (authenticator === undefined) return undefined;
    try {
      const principal = await authenticator.authenticate(new ExecutionContextHost([request, reply]));
      (request as FastifyRequest & { principal?: Principal }).principal = principal;
      return principalKeyOf(principal);
    } catch {
      return undefined;
    }
  };
}

/**
 * Keeps the lease of a running request fresh (every third of the lease), so that only
 * a request whose process died — or whose client went away — counts as abandoned,
 * however long its handler takes.
 */
function renewWhileRunning(store: IdempotencyStore, claim: IdempotencyClaim, leaseMs: number, reply: FastifyReply, logger: Logger): () => void {
  const timer = setInterval(
    () => {
      store.renew(claim).then(
        (held) => held || stop(),
        (error: unknown) => logger.warn(`renewing an Idempotency-Key lease failed: ${String(error)}`),
      );
    },
    Math.max(10, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    reply.raw.off('close', stop);
  };
  reply.raw.once('close', stop);
  return stop;
}

/**
 * What a repeat gets when the first answer was `Cache-Control: no-store` (tokens, an API
 * key shown once, an invitation token): the request is not run again, and the secret is
 * not kept in the database for 24 hours to be replayed; the repeat is told what happened.
 */
function notReplayable(request: FastifyRequest, firstStatus: number): { status: number; headers: Record<string, string>; body: Buffer } {
  const code = 'idempotency.not_replayable';
  const problem: ProblemDetails = {
    type: `urn:weft:problem:${code}`,
    title: 'Conflict',
    status: 409,
    detail: `The request with this Idempotency-Key was already handled (status ${firstStatus}); its answer carried secrets and is not kept. Read the resource, or sign in again, instead of repeating it.`,
    code,
    instance: request.url,
    firstStatus,
  };
  return { status: 409, headers: { 'content-type': 'application/problem+json' }, body: Buffer.from(JSON.stringify(problem)) };
}

/** A serialized payload as bytes; undefined for a stream, which is answered but not stored. */
function storableBody(payload: unknown): Buffer | undefined {
  if (payload === undefined || payload === null) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload);
  if (Buffer.isBuffer(payload)) return payload;
  return undefined;
}

function sendUnavailable(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const code = 'idempotency.unavailable';
  const problem: ProblemDetails = {
    type: `urn:weft:problem:${code}`,
    title: 'Service unavailable',
    status: 503,
    detail: 'The Idempotency-Key could not be checked; retry later.',
    code,
    instance: request.url,
  };
  return sendProblemDetails(request, reply, problem, { 'retry-after': '1' });
}

/**
 * A provider of the identity module, when the app has one. Without an authenticator,
 * requests that carry a credential are not taken (nothing could tell who they are).
 */
function optional<T>(app: NestFastifyApplication, token: symbol): T | undefined {
  try {
    // Through ModuleRef: the application's own `get` aborts the process on a missing provider.
    return app.get(ModuleRef).get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}

/**
 * Turns Idempotency-Key on for an application whose module provides the `Database`
 * and whose database has the `idempotency_keys` migration; otherwise logs why not.
 * Also starts the sweep of expired keys, stopped when the application closes.
 */
export async function enableIdempotency(app: NestFastifyApplication, overrides: Partial<IdempotencyOptions> = {}): Promise<boolean> {
  const logger = new Logger('Idempotency');
  const options = { ...DEFAULT_IDEMPOTENCY_OPTIONS, ...overrides };
  let database: Database;
  try {
    database = app.get(Database, { strict: false });
  } catch {
    return false; // no database, nothing to remember keys in
  }
  const store = new IdempotencyStore(database, options);
  if (!(await store.tableExists())) {
    logger.warn("Idempotency-Key is not enforced: the idempotency_keys migration is not applied (add idempotencyMigrations to this app's migrations).");
    return false;
  }
  const fastify = app.getHttpAdapter().getInstance();
  installIdempotency(
    fastify,
    store,
    options,
    { identify: callerIdentifier(optional<Authenticator>(app, AUTHENTICATOR)), fingerprintKey: optional<KeyObject>(app, IDEMPOTENCY_FINGERPRINT_KEY) },
    logger,
  );
  if (options.sweepIntervalMs > 0) {
    const sweep = setInterval(() => {
      store.sweep().catch((error: unknown) => logger.warn(`sweeping expired Idempotency-Keys failed: ${String(error)}`));
    }, options.sweepIntervalMs);
    sweep.unref();
    fastify.addHook('onClose', async () => clearInterval(sweep));
  }
  return true;
}
