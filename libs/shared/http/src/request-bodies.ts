import { RouteConfig } from '@nestjs/platform-fastify';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { UserError, jsonTextExceedsDepth } from '@weft/kernel';
import { sendProblem } from './problem-details.js';

/** Paths whose bodies are the caller's own business (webhooks): any content type is accepted there. */
const OPEN_BODY_PATHS = ['/webhook/', '/webhook-waiting/'];

/**
 * Deepest nesting of arrays and objects in a JSON body to the API. No API body needs
 * more, and bodies are walked recursively after parsing (class-transformer, validation).
 */
export const API_BODY_MAX_DEPTH = 64;

export interface RequestBodyLimits {
  /** `WEBHOOK_BODY_MAX_DEPTH`: deepest nesting of a JSON body to a webhook. */
  readonly webhookBodyMaxDepth: number;
}

const FORM = 'application/x-www-form-urlencoded';
/** JSON whitespace only (RFC 8259): such a body is no body. */
const BLANK = /^[ \t\r\n]*$/;
const formBodies = new WeakSet<FastifyRequest>();
/** Bodies refused while parsing, answered before validation: a parser's own error would bypass the problem+json filter. */
const refusedBodies = new WeakMap<FastifyRequest, UserError>();

type JsonParser = (request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) => void;

const isOpenPath = (url: string): boolean => OPEN_BODY_PATHS.some((prefix) => url.startsWith(prefix));

/** The route option `RawBody()` sets. */
const RAW_BODY_OPTION = 'weftRawBody';
const keepsRawBody = (request: FastifyRequest): boolean =>
  (request.routeOptions.config as { [RAW_BODY_OPTION]?: unknown } | undefined)?.[RAW_BODY_OPTION] === true;

/**
 * The route gets its body as the bytes that arrived (a `Buffer`), whatever its
 * Content-Type, never parsed: for callers that sign those bytes (a payment provider's
 * webhook), where a parsed and re-serialized body would no longer match the signature.
 * The route checks the body itself, signature first.
 */
export const RawBody = (): MethodDecorator => RouteConfig({ [RAW_BODY_OPTION]: true });

/**
 * Body parsing by the declared `Content-Type`, and nothing else: JSON, text,
 * `application/x-www-form-urlencoded` (a flat object; repeated keys become arrays) and,
 * for webhooks only, any other type as raw bytes. A body is never reinterpreted as
 * another type (n8n's CVE-2026-21858 was a JSON body read as upload metadata). The API
 * itself takes JSON only: anything else there is 415.
 *
 * JSON: an empty (or blank) body is no body, as many clients send `Content-Type:
 * application/json` with nothing (`POST .../activate`). Nesting is checked on the text
 * before anything is built from it (a linear scan): deeper than 64 levels for the API,
 * or `webhookBodyMaxDepth` for webhooks, is 400 `request.body_too_deep`. Then Fastify's
 * own parser (prototype poisoning refused); malformed JSON is 400 `request.invalid_json`.
 */
export function installRequestBodies(fastify: FastifyInstance, limits: RequestBodyLimits): void {
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = fastify.initialConfig;
  // Fastify's default JSON parser is the callback form.
  const parseJson = fastify.getDefaultJsonParser(onProtoPoisoning, onConstructorPoisoning) as JsonParser;
  // As bytes, decoded here: a RawBody() route keeps them as they came.
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (keepsRawBody(request)) return done(null, body);
    const text = (body as Buffer).toString('utf8');
    if (BLANK.test(text)) return done(null, undefined);
    const maxDepth = isOpenPath(request.url) ? limits.webhookBodyMaxDepth : API_BODY_MAX_DEPTH;
    if (jsonTextExceedsDepth(text, maxDepth)) return refuse(request, done, bodyTooDeep(maxDepth));
    parseJson(request, text, (error, value) => (error ? refuse(request, done, invalidJson()) : done(null, value)));
  });
  fastify.addContentTypeParser(FORM, { parseAs: 'buffer' }, (request, body, done) => {
    if (keepsRawBody(request)) return done(null, body);
    formBodies.add(request);
    done(null, formObject((body as Buffer).toString('utf8')));
  });
  // Fastify's own text parser, but a RawBody() route keeps the bytes.
  fastify.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (request, body, done) =>
    done(null, keepsRawBody(request) ? body : (body as Buffer).toString('utf8')),
  );
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  fastify.addHook('preValidation', async (request, reply) => {
    const refused = refusedBodies.get(request);
    if (refused !== undefined) return sendProblem(request, reply, refused);
    if (request.body === undefined || isOpenPath(request.url) || keepsRawBody(request)) return;
    if (Buffer.isBuffer(request.body) || formBodies.has(request)) {
      return sendProblem(
        request,
        reply,
        new UserError('unsupported_media_type', 'request.unsupported_media_type', 'The API takes JSON bodies: send Content-Type: application/json.'),
      );
    }
  });
}

function refuse(request: FastifyRequest, done: (error: Error | null, value?: unknown) => void, error: UserError): void {
  refusedBodies.set(request, error);
  done(null, undefined);
}

const bodyTooDeep = (maxDepth: number) =>
  new UserError(
    'validation',
    'request.body_too_deep',
    `The JSON body nests arrays and objects deeper than ${maxDepth} levels; at most ${maxDepth} are accepted. Send a flatter document.`,
    { maxDepth },
  );

const invalidJson = () =>
  new UserError(
    'validation',
    'request.invalid_json',
    'The body is not valid JSON although its Content-Type is application/json; send a JSON document, or no body.',
  );

function formObject(text: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = form[key];
    form[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return { ...form };
}

/** Every body as its bytes, whatever its type (the gateway: the service it forwards to parses it). */
export function installRawBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}
