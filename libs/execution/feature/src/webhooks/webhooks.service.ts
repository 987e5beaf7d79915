import { Inject, Injectable } from '@nestjs/common';
import { type Item, type JsonValue, type WebhookResponse } from '@weft/engine-core';
import { authenticateWebhook, webhookAuthFailure, webhookResponse } from '@weft/engine-nodes';
import { UserError } from '@weft/kernel';
import { unstorableTextField } from '@weft/http';
import { RUN_CREDENTIALS, type RunCredentialsProvider } from '@weft/ports';
import { type ActiveRoute } from '../catalog/index.js';
import { ExecutionCatalog, type RunnableVersion } from '../executions/execution-catalog.js';
import { ExecutionEngine } from '../executions/execution-engine.js';
import { Executions } from '../executions/executions.service.js';

/** A webhook call as the trigger sees it (n8n's item shape: headers, params, query, body). */
export interface WebhookCall {
  readonly method: string;
  /** What follows `/webhook/`, without the query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length']);

/** A webhook call that passed its trigger's authentication, ready to run. */
export interface AdmittedCall {
  /** Who is calling, for the Idempotency-Key scope: the workflow and the credential that authenticated them (or `public`). */
  readonly principalKey: string;
  readonly runnable: RunnableVersion;
  readonly route: ActiveRoute;
  readonly properties: Record<string, JsonValue>;
  readonly item: Item;
}

/** What a call gets before it may run: an answer (its authentication failed), or the admitted call. */
export type WebhookAdmission = { readonly answer: WebhookResponse } | { readonly admitted: AdmittedCall };

/**
 * `ANY /webhook/{path}`: finds the active workflow (from memory), checks the trigger's
 * authentication, runs it and answers per `responseMode`: `onReceived` 202
 * `{executionId}` once the run is recorded as accepted, `lastNode` / `responseNode` with
 * what the run produced. Unknown path or inactive workflow: 404; wrong method: 405.
 * Admission and the run are two steps, so that the controller takes an Idempotency-Key
 * only from a caller who authenticated.
 */
@Injectable()
export class Webhooks {
  constructor(
    private readonly catalog: ExecutionCatalog,
    private readonly executions: Executions,
    private readonly engine: ExecutionEngine,
    @Inject(RUN_CREDENTIALS) private readonly credentials: RunCredentialsProvider,
  ) {}

  async admit(call: WebhookCall): Promise<WebhookAdmission> {
    const route = await this.catalog.route(call.method, call.path);
    if (route === undefined) throw await this.missing(call);
    const runnable = await this.catalog.version(route.organizationId, route.workflowId, route.version);
    if (runnable === undefined) throw notFound(call);
    const trigger = runnable.workflow.nodes.find((node) => node.id === route.nodeId);
    const properties: Record<string, JsonValue> = trigger?.properties ?? {};
    const headers = lowerCased(call.headers);
    const credentialId = trigger?.credentials?.id;
    const auth = await this.authenticate(properties, headers, credentialId, { organizationId: runnable.organizationId, authorityId: route.authorityId });
    if (!auth.ok) return { answer: webhookAuthFailure(properties, headers) };
    requireStorable(call.query, call.body);
    const seen = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== auth.secretHeader));
    const item = {
      json: {
        headers: seen as JsonValue,
        params: route.params,
        query: call.query as JsonValue,
        body: (Buffer.isBuffer(call.body) ? call.body.toString('base64') : (call.body ?? {})) as JsonValue,
      },
    };
    const caller = auth.checked ? `credential:${credentialId!.toLowerCase()}` : 'public';
    return { admitted: { principalKey: `webhook:${route.workflowId}:${caller}`, runnable, route, properties, item } };
  }

  async run({ runnable, route, properties, item }: AdmittedCall): Promise<WebhookResponse> {
    const responseMode = String(properties['responseMode'] ?? 'onReceived');
    // The authority of an activated workflow's runs is whoever activated it.
    const request = this.executions.request(runnable, {
      mode: 'webhook',
      triggerNodeId: route.nodeId,
      items: [item],
      actorId: null,
      authorityId: route.authorityId,
    });
    if (responseMode === 'onReceived') {
      const started = await this.executions.start(request, false);
      return { statusCode: 202, headers: {}, body: { executionId: started.executionId } };
    }
    const finished = await this.executions.start(request, true);
    if (!('result' in finished)) return { statusCode: 202, headers: {}, body: { executionId: finished.executionId } };
    const answer = webhookResponse(runnable.workflow, this.engine.registry, route.nodeId, finished.result);
    if (answer === undefined) return { statusCode: 202, headers: {}, body: { executionId: finished.executionId, status: finished.result.status } };
    return { ...answer, headers: Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()))) };
  }

  /**
   * Checks the trigger's authentication; `secretHeader` is the header that carried the
   * credential, left out of what the run sees and records (n8n keeps it in the run).
   */
  private async authenticate(
    properties: Record<string, JsonValue>,
    headers: Record<string, string | string[] | undefined>,
    credentialId: string | undefined,
    authority: { organizationId: string; authorityId: string | null },
  ): Promise<{ ok: boolean; checked?: boolean; secretHeader?: string }> {
    const kind = String(properties['authentication'] ?? 'none');
    if (kind === 'none') return { ok: true };
    if (credentialId === undefined) return { ok: false };
    const credentials = this.credentials.forRun({ ...authority, now: () => new Date() });
    const data = (await credentials.resolve(credentialId).catch(() => undefined)) as Record<string, JsonValue> | undefined;
    const ok = authenticateWebhook(properties, headers, data);
    return { ok, checked: ok, secretHeader: kind === 'basic' ? 'authorization' : String(data?.['name'] ?? '').toLowerCase() };
  }

  /** 405 (with `Allow`) when the path is active under other methods, else 404. */
  private async missing(call: WebhookCall): Promise<UserError> {
    const allowed: string[] = [];
    for (const method of METHODS) {
      if (method !== call.method.toUpperCase() && (await this.catalog.route(method, call.path)) !== undefined) allowed.push(method);
    }
    if (allowed.length === 0) return notFound(call);
    return new UserError(
      'method_not_allowed',
      'webhook.method_not_allowed',
      `The webhook "${call.path}" does not take ${call.method.toUpperCase()} requests; it takes ${allowed.join(', ')}.`,
      { allow: allowed.join(', ') },
    );
  }
}

/**
 * 400 for a query or body holding text PostgreSQL cannot store (a NUL, an unpaired
 * surrogate): the run would be refused by the event store (a 500) after being accepted.
 */
export function requireStorable(query: unknown, body: unknown): void {
  const field = unstorableTextField({ query, body });
  if (field === undefined) return;
  throw new UserError(
    'validation',
    'webhook.data_unstorable',
    `The call's ${field} holds a NUL character or an unpaired surrogate, which cannot be recorded; send text without them (or the bytes as a binary body).`,
    {
      errors: [{ field, message: 'must not contain NUL characters or unpaired surrogates' }],
    },
  );
}

const notFound = (call: WebhookCall) =>
  new UserError('not_found', 'webhook.not_found', `No active workflow listens on ${call.method.toUpperCase()} /webhook/${call.path}.`);

function lowerCased(headers: WebhookCall['headers']): Record<string, string | string[] | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
