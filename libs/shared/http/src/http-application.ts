import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { ConsoleLogger, type INestApplication, type LogLevel as NestLogLevel, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { type LogLevel, type PlatformConfig } from '@weft/config';
import { IDEMPOTENT_REPLAYED_HEADER, type IdempotencyOptions, enableIdempotency } from './idempotency/idempotency.js';
import { ProblemDetailsFilter } from './problem-details.js';
import { installRawBodies, installRequestBodies } from './request-bodies.js';
import { installSecurityHeaders } from './security-headers.js';
import { answerClientError, answerFrameworkError } from './transport-errors.js';
import { createValidationPipe } from './validation.js';

const LEVELS: readonly NestLogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const levelsFrom = (level: LogLevel): NestLogLevel[] => LEVELS.slice(0, LEVELS.indexOf(level) + 1);

export function createLogger(config: Pick<PlatformConfig, 'logLevel'>, context = 'weft'): ConsoleLogger {
  return new ConsoleLogger(context, { json: true, logLevels: levelsFrom(config.logLevel) });
}

export interface HttpApplicationOptions {
  readonly title: string;
  readonly description: string;
  /** Idempotency-Key settings (see idempotency.ts); `false` turns it off. */
  readonly idempotency?: Partial<IdempotencyOptions> | false;
  /**
   * `parsed` (default): bodies parsed by their declared type (request-bodies.ts). `raw`:
   * every body kept as its bytes, for the gateway to forward untouched.
   */
  readonly bodies?: 'parsed' | 'raw';
  /** Turns the process's own OpenAPI document into the one it serves, per request (the gateway merges the services'). */
  readonly openApiDocument?: (own: OpenAPIObject) => OpenAPIObject;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The one way Weft builds an HTTP process: Fastify (about twice Nest-on-Express in
 * NestJS's own benchmark), request ids, CORS, size limits, strict validation,
 * problem+json errors, Idempotency-Key on every POST/PATCH/DELETE (when the app has a
 * database with the idempotency_keys migration), security headers (security-headers.ts),
 * and the OpenAPI document at /docs/openapi.json with a UI at /docs.
 */
export async function createHttpApplication(
  module: Type<unknown> | ReturnType<typeof Object>,
  config: PlatformConfig,
  options: HttpApplicationOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logger: false,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  // bodyParser off: the parsers are ours (request-bodies.ts), one per declared content type.
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger: createLogger(config), bufferLogs: false, bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  if (options.bodies === 'raw') installRawBodies(fastify);
  else installRequestBodies(fastify, { webhookBodyMaxDepth: config.webhookBodyMaxDepth });
  if (options.idempotency !== false) await enableIdempotency(app, options.idempotency);
  // After Idempotency-Key: its onSend must not see the blanket no-store (security-headers.ts).
  await installSecurityHeaders(app, { hstsMaxAgeSeconds: config.hstsMaxAgeSeconds });
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? [...config.corsOrigins] : false,
    exposedHeaders: ['x-request-id', 'retry-after', IDEMPOTENT_REPLAYED_HEADER],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  setupOpenApi(app, options);
  return app;
}

function setupOpenApi(app: INestApplication, options: HttpApplicationOptions): void {
  const document = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  const source = options.openApiDocument;
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document), {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    // No badge fetched from validator.swagger.io: it would tell swagger.io where our docs are, and the CSP refuses it anyway.
    swaggerOptions: { validatorUrl: null },
    ...(source === undefined ? {} : { patchDocumentOnRequest: (_request: unknown, _reply: unknown, own: OpenAPIObject) => source(own) }),
  });
}
