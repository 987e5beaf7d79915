import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type WebhookResponse } from '@weft/engine-core';
import { WorkflowAnswer, beginIdempotentRequest } from '@weft/http';
import { ExecutionResumption } from '../executions/execution-resumption.js';
import { ExecutionStates } from '../executions/execution-states.js';
import { Webhooks, requireStorable } from './webhooks.service.js';

/** What follows `prefix` in the URL, percent-decoded; malformed percent-encoding is left as it is (it matches no route). */
function pathOf(url: string, prefix: string): string {
  const raw = url.split('?')[0]!.slice(prefix.length);
  try {
    return decodeURI(raw);
  } catch {
    return raw;
  }
}

/**
 * The public webhook entry: no API authentication (the trigger decides), any body type.
 * The answer is the workflow's: the headers Respond to Webhook sets replace the security
 * headers' defaults, and pages it serves run under a sandbox CSP (security-headers.ts).
 *
 * The hot path calls its services directly, not through the CommandBus as the API's use
 * cases do: the call is two steps with the reply's Idempotency-Key check between them
 * (admission, then the run), and a bus hop per step costs the run an allocation and a
 * lookup each (README.md, "Use cases").
 */
@ApiExcludeController()
@Controller()
export class WebhooksController {
  constructor(
    private readonly webhooks: Webhooks,
    private readonly states: ExecutionStates,
    private readonly resumption: ExecutionResumption,
  ) {}

  @All('webhook/*')
  @WorkflowAnswer()
  async webhook(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const admission = await this.webhooks.admit({
      method: request.method,
      path: pathOf(request.url, '/webhook/'),
      headers: request.headers,
      query: request.query as Record<string, unknown>,
      body: request.body,
    });
    // A refused caller's answer is never stored under an Idempotency-Key; a replay needs the webhook's own credential first.
    if ('answer' in admission) return send(reply, admission.answer);
    if (!(await beginIdempotentRequest(request, reply, admission.admitted.principalKey))) return;
    send(reply, await this.webhooks.run(admission.admitted));
  }

  /** Resumes an execution parked by a `wait` node that waits for a call (n8n's `$execution.resumeUrl`). */
  @All('webhook-waiting/:executionId')
  @WorkflowAnswer()
  async resume(@Param('executionId') executionId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const state = await this.states.waitingForWebhook(executionId);
    requireStorable(request.query, request.body);
    // The resume URL's execution id is its only credential: taken as the caller once it was found waiting.
    if (!(await beginIdempotentRequest(request, reply, `resume:${state.executionId}`))) return;
    const item = { json: { headers: request.headers, query: request.query, body: request.body ?? {} } as never };
    await this.resumption.resume(state, 'webhook', [item]);
    send(reply, { statusCode: 202, headers: {}, body: { executionId: state.executionId, status: 'running' } });
  }
}

function send(reply: FastifyReply, answer: WebhookResponse): void {
  void reply.code(answer.statusCode).headers(answer.headers);
  if (answer.body === undefined) void reply.send();
  else if (typeof answer.body === 'string') void reply.type(String(answer.headers['content-type'] ?? 'text/plain; charset=utf-8')).send(answer.body);
  else void reply.type('application/json; charset=utf-8').send(JSON.stringify(answer.body));
}
