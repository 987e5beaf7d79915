import { All, Controller, Get, Module, Req, Res } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadPlatformConfig } from '@weft/config';
import { endToEndHeaders } from './forwarded-http.js';
import { createHttpApplication } from './http-application.js';
import { WorkflowAnswer } from './security-headers.js';

// createHttpApplication's security headers, in process (Fastify's inject): what a route
// sets wins over the defaults, no-store only where credentials came and no route chose,
// the workflow CSP on workflow answers, HSTS only when configured, and the gateway's way
// of relaying a service's answer (copy its end-to-end headers onto its own reply).

@Controller()
class SampleController {
  @Get('plain')
  plain(): object {
    return { ok: true };
  }

  @Get('own')
  own(@Res({ passthrough: true }) reply: FastifyReply): object {
    void reply.headers({ 'x-frame-options': 'SAMEORIGIN', 'cache-control': 'private, max-age=5', 'content-security-policy': "default-src 'none'" });
    return { ok: true };
  }

  @All('webhook/*')
  @WorkflowAnswer()
  webhook(): object {
    return { ok: true };
  }
}

@Module({ controllers: [SampleController] })
class SampleModule {}

/** A stand-in for the gateway: forwards to `service` and copies its answer as GatewayController does. */
function relayTo(service: () => NestFastifyApplication) {
  @Controller()
  class RelayController {
    @All(['plain', 'own', 'webhook/*'])
    async relay(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
      const answer = await service().inject({ method: 'GET', url: request.url, headers: endToEndHeaders(request.headers) });
      return reply.code(answer.statusCode).headers(endToEndHeaders(answer.headers)).send(answer.rawPayload);
    }
  }
  @Module({ controllers: [RelayController] })
  class RelayModule {}
  return RelayModule;
}

async function start(module: object, env: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const app = await createHttpApplication(module, loadPlatformConfig({ LOG_LEVEL: 'error', ...env }), {
    title: 'test',
    description: 'test',
    idempotency: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('security headers (createHttpApplication)', () => {
  let service: NestFastifyApplication;
  let gateway: NestFastifyApplication;

  beforeAll(async () => {
    service = await start(SampleModule);
    gateway = await start(relayTo(() => service));
  });

  afterAll(async () => {
    await gateway?.close();
    await service?.close();
  });

  const get = (app: NestFastifyApplication, url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('sends the defaults, and no Cache-Control, on an anonymous answer', async () => {
    const answer = await get(service, '/plain');
    expect(answer.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(answer.headers['strict-transport-security']).toBeUndefined();
    expect(answer.headers['cache-control']).toBeUndefined();
  });

  it.each<Record<string, string>>([{ authorization: 'Bearer t' }, { 'x-api-key': 'weft_ak_x' }])(
    'adds no-store when the request carried %j',
    async (credentials) => {
      expect((await get(service, '/plain', credentials)).headers['cache-control']).toBe('no-store');
      expect((await get(service, '/nowhere', credentials)).headers['cache-control']).toBe('no-store'); // the 404 too
    },
  );

  it('lets a route’s own headers win over every default, Cache-Control included', async () => {
    const answer = await get(service, '/own', { authorization: 'Bearer t' });
    expect(answer.headers).toMatchObject({
      'x-frame-options': 'SAMEORIGIN',
      'cache-control': 'private, max-age=5',
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
    });
  });

  it('gives a workflow answer the sandbox CSP', async () => {
    const csp = String((await get(service, '/webhook/a/b')).headers['content-security-policy']);
    expect(csp).toContain('sandbox allow-downloads allow-forms allow-modals allow-popups allow-scripts');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('default-src');
  });

  it('relays a service’s answer with each header once, the service’s value winning over the relay’s own', async () => {
    const relayed = await get(gateway, '/own', { authorization: 'Bearer t' });
    expect(relayed.statusCode).toBe(200);
    expect(relayed.headers).toMatchObject({
      'x-frame-options': 'SAMEORIGIN',
      'cache-control': 'private, max-age=5',
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
    });
    const webhook = await get(gateway, '/webhook/a');
    expect(String(webhook.headers['content-security-policy'])).toContain('sandbox');
    const plain = await get(gateway, '/plain', { authorization: 'Bearer t' });
    // A header set twice would be an array here.
    expect(plain.headers).toMatchObject({
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': expect.any(String),
    });
  });

  it('sends Strict-Transport-Security only when HSTS_MAX_AGE_SECONDS is set', async () => {
    const tls = await start(SampleModule, { HSTS_MAX_AGE_SECONDS: '31536000' });
    try {
      expect((await get(tls, '/plain')).headers['strict-transport-security']).toBe('max-age=31536000');
    } finally {
      await tls.close();
    }
  });
});
