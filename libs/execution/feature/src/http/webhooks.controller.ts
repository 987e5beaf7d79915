import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type WebhookResponse } from '@weft/engine-core';
import { Executions } from '../executions/executions.service.js';
import { Webhooks } from './webhooks.service.js';

const pathOf = (url: string, prefix: string) => decodeURI(url.split('?')[0]!.slice(prefix.length));

/** The public webhook entry: no API authentication (the trigger decides), any body type. */
@ApiExcludeController()
@Controller()
export class WebhooksController {
  constructor(
    private readonly webhooks: Webhooks,
    private readonly executions: Executions,
  ) {}

  @All('webhook/*')
  async webhook(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.webhooks.handle({ method: request.method, path: pathOf(request.url, '/webhook/'), headers: request.headers, query: request.query as Record<string, unknown>, body: request.body });
    send(reply, answer);
  }

  /** Resumes an execution parked by a `wait` node that waits for a call (n8n's `$execution.resumeUrl`). */
  @All('webhook-waiting/:executionId')
  async resume(@Param('executionId') executionId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const state = await this.executions.waitingForWebhook(executionId);
    const item = { json: { headers: request.headers, query: request.query, body: request.body ?? {} } as never };
    await this.executions.resume(state, 'webhook', [item]);
    send(reply, { statusCode: 202, headers: {}, body: { executionId: state.executionId, status: 'running' } });
  }
}

function send(reply: FastifyReply, answer: WebhookResponse): void {
  void reply.code(answer.statusCode).headers(answer.headers);
  if (answer.body === undefined) void reply.send();
  else if (typeof answer.body === 'string') void reply.type(String(answer.headers['content-type'] ?? 'text/plain; charset=utf-8')).send(answer.body);
  else void reply.type('application/json; charset=utf-8').send(JSON.stringify(answer.body));
}

