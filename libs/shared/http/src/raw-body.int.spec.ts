import { Body, Controller, HttpCode, Module, Post, Req } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadPlatformConfig } from '@weft/config';
import type { FastifyRequest } from 'fastify';
import { createHttpApplication } from './http-application.js';
import { RawBody } from './request-bodies.js';

// A RawBody() route gets the bytes that arrived, whatever their type, for a signature
// over them to hold; every other route still gets parsed JSON, and 415 for the rest.

const describeBody = (body: unknown) => ({
  isBuffer: Buffer.isBuffer(body),
  base64: Buffer.isBuffer(body) ? body.toString('base64') : null,
  body: Buffer.isBuffer(body) ? null : body,
});

@Controller()
class BodiesController {
  @Post('signed')
  @HttpCode(200)
  @RawBody()
  signed(@Req() request: FastifyRequest): object {
    return describeBody(request.body);
  }

  @Post('parsed')
  @HttpCode(200)
  parsed(@Body() body: unknown): object {
    return describeBody(body);
  }
}

@Module({ controllers: [BodiesController] })
class BodiesModule {}

describe('RawBody()', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createHttpApplication(BodiesModule, loadPlatformConfig({ LOG_LEVEL: 'error' }), { title: 'test', description: 'test', idempotency: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app?.close());

  const post = (url: string, contentType: string, payload: Buffer | string) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });

  it('hands the route the exact bytes of a JSON body: spacing, key order, escapes and all', async () => {
    const bytes = Buffer.from('{ "b":1,\n  "a" : "caf\\u00e9 ☕" ,"__proto__": {} }  ');
    const answer = await post('/signed', 'application/json', bytes);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ isBuffer: true, base64: bytes.toString('base64'), body: null });
  });

  it('keeps bytes of any type, blank ones too, and bytes that are not UTF-8', async () => {
    for (const [type, bytes] of [
      ['application/x-www-form-urlencoded', Buffer.from('a=1&a=2')],
      ['text/plain; charset=utf-8', Buffer.from('hello')],
      ['application/octet-stream', Buffer.from([0xff, 0xfe, 0x00])],
      ['application/json', Buffer.from([0x7b, 0xc3, 0x28, 0x7d])],
      ['application/json', Buffer.from('  ')],
    ] as const) {
      expect({ type, answer: (await post('/signed', type, bytes)).json() as object }).toEqual({
        type,
        answer: { isBuffer: true, base64: bytes.toString('base64'), body: null },
      });
    }
  });

  it('leaves every other route as it was: JSON parsed, other types 415, malformed JSON 400', async () => {
    expect((await post('/parsed', 'application/json', '{"a": 1}')).json()).toEqual({ isBuffer: false, base64: null, body: { a: 1 } });
    expect((await post('/parsed', 'application/x-www-form-urlencoded', 'a=1')).statusCode).toBe(415);
    expect((await post('/parsed', 'application/json', '{"a":')).json()).toMatchObject({ status: 400, code: 'request.invalid_json' });
  });
});
