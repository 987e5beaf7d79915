import { Controller } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApiExcludeController } from '@nestjs/swagger';
import { type FastifyInstance } from 'fastify';
import { FORWARDED_HTTP_PATTERN, type ForwardedRequest, type ForwardedResponse, SERVICE_OPENAPI_PATTERN, endToEndHeaders } from './forwarded-http.js';

/**
 * A service's end of the gateway link: a forwarded request is injected into this
 * process's own HTTP application (Fastify's `inject`, no socket), so it meets exactly the
 * routes, access guard, pipes and filters a direct call would.
 */
@ApiExcludeController()
@Controller()
export class ForwardedHttpController {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @MessagePattern(FORWARDED_HTTP_PATTERN)
  async handle(@Payload() request: ForwardedRequest): Promise<ForwardedResponse> {
    const response = await this.fastify().inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      remoteAddress: request.remoteAddress,
      ...(request.body === undefined ? {} : { payload: Buffer.from(request.body, 'base64') }),
    });
    return { statusCode: response.statusCode, headers: endToEndHeaders(response.headers), body: response.rawPayload.toString('base64') };
  }

  @MessagePattern(SERVICE_OPENAPI_PATTERN)
  async openApi(): Promise<unknown> {
    const response = await this.fastify().inject({ method: 'GET', url: '/docs/openapi.json' });
    return response.json();
  }

  private fastify(): FastifyInstance {
    return this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
  }
}
