import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { UserError } from '@weft/kernel';
import { sendProblem } from './problem-details.js';

/** Paths whose bodies are the caller's own business (webhooks): any content type is accepted there. */
const OPEN_BODY_PATHS = ['/webhook/', '/webhook-waiting/'];

const FORM = 'application/x-www-form-urlencoded';
const formBodies = new WeakSet<FastifyRequest>();

/**
 * Body parsing by the declared `Content-Type`, and nothing else: JSON (Fastify's own
 * parser), text, `application/x-www-form-urlencoded` (an object; repeated keys become
 * arrays) and, for webhooks only, any other type as raw bytes. A body is never
 * reinterpreted as another type (n8n's CVE-2026-21858 was a JSON body read as upload
 * metadata). The API itself takes JSON only: anything else there is 415.
 */
export function installRequestBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(FORM, { parseAs: 'string' }, (request, body, done) => {
    formBodies.add(request);
    done(null, formObject(body as string));
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  fastify.addHook('preValidation', async (request, reply) => {
    if (request.body === undefined || OPEN_BODY_PATHS.some((prefix) => request.url.startsWith(prefix))) return;
    if (Buffer.isBuffer(request.body) || formBodies.has(request)) {
      return sendProblem(request, reply, new UserError('unsupported_media_type', 'request.unsupported_media_type', 'The API takes JSON bodies: send Content-Type: application/json.'));
    }
  });
}

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
