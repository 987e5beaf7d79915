import { All, Controller, Req, Res } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { ApiExcludeController } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { UserError } from '@weft/kernel';
import {
  AccessCheck,
  sendProblem,
  sendProblemDetails,
  FORWARDED_HTTP_PATTERN,
  type ForwardedRequest,
  type ForwardedResponse,
  endToEndHeaders,
} from '@weft/http';
import { GatewayRoutes } from './gateway-routes.js';
import { isRouteMiss } from './route-table.js';
import { ServiceLinks, ServiceUnavailableError } from './service-links.js';

/**
 * The public entry of the distributed deployment: each request is matched against the
 * services' routes, its access checked at the edge (the same `AccessCheck` the services
 * run again), and forwarded to its service over `@nestjs/microservices` with the request
 * id, the caller's address and the body as received.
 */
@ApiExcludeController()
@Controller()
export class GatewayController {
  constructor(
    private readonly routes: GatewayRoutes,
    private readonly links: ServiceLinks,
    private readonly access: AccessCheck,
  ) {}

  @All(['api/*', 'webhook/*', 'webhook-waiting/*'])
  async forward(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const target = this.routes.resolve(request.method, request.url);
    if (target === undefined) return unavailable(request, reply, 'The gateway has not loaded its routes yet.', 503);
    if (isRouteMiss(target)) {
      return target.kind === 'not_found'
        ? sendProblem(request, reply, new UserError('not_found', 'route.not_found', `No route ${request.method} ${request.url.split('?', 1)[0]}.`))
        : sendProblem(
            request,
            reply,
            new UserError('method_not_allowed', 'route.method_not_allowed', `${request.method} is not allowed here; use ${target.allow.join(', ')}.`, {
              allow: target.allow.join(', '),
            }),
          );
    }
    if (target.access !== undefined) await this.access.check(target.access, new ExecutionContextHost([request, reply]), target.params);
    let answer: ForwardedResponse;
    try {
      answer = await this.links.send<ForwardedResponse>(target.service, FORWARDED_HTTP_PATTERN, forwarded(request));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError)) throw error;
      return unavailable(
        request,
        reply,
        error.timedOut ? `The ${error.service} service did not answer in time.` : `The ${error.service} service is unavailable; try again shortly.`,
        error.timedOut ? 504 : 503,
      );
    }
    return reply.code(answer.statusCode).headers(answer.headers).send(Buffer.from(answer.body, 'base64'));
  }
}

function forwarded(request: FastifyRequest): ForwardedRequest {
  const body = Buffer.isBuffer(request.body) ? request.body.toString('base64') : undefined;
  // The request id is the gateway's: the service logs and answers with the same one.
  return {
    method: request.method,
    url: request.url,
    headers: { ...endToEndHeaders(request.headers), 'x-request-id': request.id },
    body,
    remoteAddress: request.ip,
  };
}

function unavailable(request: FastifyRequest, reply: FastifyReply, detail: string, status: 503 | 504): FastifyReply {
  const code = status === 503 ? 'gateway.service_unavailable' : 'gateway.timeout';
  const title = status === 503 ? 'Service unavailable' : 'Gateway timeout';
  return sendProblemDetails(
    request,
    reply,
    { type: `urn:weft:problem:${code}`, title, status, detail, code, instance: request.url },
    status === 503 ? { 'retry-after': '1' } : {},
  );
}
