import { type AddressInfo, connect } from 'node:net';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadPlatformConfig } from '@weft/config';
import { createHttpApplication } from './http-application.js';

// Requests refused before any route runs (by Fastify's router, or by Node's HTTP parser)
// are answered problem+json like every other refusal, on a real listening socket.

@Controller()
class ThingsController {
  @Get('things/:id')
  thing(@Param('id') id: string): object {
    return { id };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

/** Sends `request` as raw bytes and gives back the whole answer text. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('transport-level refusals', () => {
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    app = await createHttpApplication(ThingsModule, loadPlatformConfig({ LOG_LEVEL: 'error' }), { title: 'test', description: 'test', idempotency: false });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(() => app?.close());

  it('answers a malformed percent-escape in the path with a 400 problem', async () => {
    const answer = await app.inject({ method: 'GET', url: '/things/%ZZ' });
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ status: 400, code: 'request.url_invalid' });
  });

  it('answers a path parameter over the router’s length limit with a 400 problem', async () => {
    const answer = await app.inject({ method: 'GET', url: `/things/${'x'.repeat(300)}` });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ code: 'request.path_parameter_too_long' });
    expect((await app.inject({ method: 'GET', url: '/things/42' })).json()).toEqual({ id: '42' });
  });

  it('answers headers too large with a 431 problem on the socket, and malformed HTTP with a 400 problem', async () => {
    const huge = await raw(port, `GET /things/1?q=${'%C3%A9'.repeat(6_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431, code: 'request.headers_too_large' });
    const malformed = await raw(port, 'GARBAGE\r\n\r\n');
    expect(malformed).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(malformed.slice(malformed.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 'request.malformed' });
  });
});
