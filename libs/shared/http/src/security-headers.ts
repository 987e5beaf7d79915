import { type FastifyHelmetOptions, fastifyHelmet } from '@fastify/helmet';
import { type NestFastifyApplication, RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';

type Directives = Record<string, string[] | typeof fastifyHelmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc>;

/**
 * The Content-Security-Policy of every answer but a workflow's. Strict enough for an API
 * (no framing, no plugins, no inline or foreign scripts), and what Swagger UI at /docs
 * needs: its scripts and stylesheet come from /docs itself, its init script is a file
 * (swagger-ui-init.js, not inline), it writes inline styles, draws icons from data: URIs
 * and shows downloaded images as blob: URLs, and "Try it out" calls this origin.
 * No `upgrade-insecure-requests`: a deployment answering plain HTTP would break its own /docs.
 */
export const API_CONTENT_SECURITY_POLICY: Readonly<Directives> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * The default Content-Security-Policy of a workflow's answer (webhooks): the page a
 * workflow serves may use inline scripts and other hosts (as in n8n), but runs in a
 * sandbox, an opaque origin that cannot read or act as this API's origin. A workflow
 * that sets its own Content-Security-Policy replaces this one.
 */
export const WORKFLOW_CONTENT_SECURITY_POLICY: Readonly<Directives> = {
  // No default-src on purpose (helmet asks to say so): the sandbox, not a source list, is the protection.
  'default-src': fastifyHelmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc,
  sandbox: ['allow-downloads', 'allow-forms', 'allow-modals', 'allow-popups', 'allow-scripts'],
  'frame-ancestors': ["'none'"],
};

export interface SecurityHeadersOptions {
  /** `Strict-Transport-Security` max-age; 0 sends none (the process may answer plain HTTP). */
  readonly hstsMaxAgeSeconds: number;
}

const policy = (directives: Readonly<Directives>): FastifyHelmetOptions['contentSecurityPolicy'] => ({ useDefaults: false, directives: { ...directives } });

function helmetOptions(options: SecurityHeadersOptions): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: policy(API_CONTENT_SECURITY_POLICY),
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.hstsMaxAgeSeconds > 0 ? { maxAge: options.hstsMaxAgeSeconds, includeSubDomains: false } : false,
  };
}

/**
 * For the routes that answer with what a workflow built (`/webhook/...`): the workflow
 * CSP instead of the API's. Every security header stays a default there: the headers a
 * workflow sets (Respond to Webhook) are the route's own and replace it.
 */
export const WorkflowAnswer = (): MethodDecorator => RouteConfig({ helmet: { contentSecurityPolicy: policy(WORKFLOW_CONTENT_SECURITY_POLICY) } });

const carriesCredentials = (request: FastifyRequest): boolean => request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined;

/**
 * The security headers of every answer (helmet), and `Cache-Control: no-store` on every
 * answer to a request that carried credentials.
 *
 * Helmet writes its headers on the raw response when the request arrives; the headers a
 * route sets (`reply.header`) are written over them when the answer goes out (Node.js
 * merges `writeHead`'s headers last). So a route, or a workflow's Respond to Webhook,
 * that sets one of them wins, and the gateway, which copies a service's answer headers
 * onto its own reply, sends the service's values, each once.
 *
 * The no-store is an `onSend` hook that must be added AFTER Idempotency-Key's
 * (idempotency.ts): that hook reads `Cache-Control: no-store` as "this answer carried a
 * secret, do not keep it for replays", which only the routes that return tokens set.
 * Added later, the blanket no-store is not there yet when it looks.
 */
export async function installSecurityHeaders(app: NestFastifyApplication, options: SecurityHeadersOptions): Promise<void> {
  await app.register(fastifyHelmet, helmetOptions(options));
  addCredentialedNoStore(app.getHttpAdapter().getInstance());
}

function addCredentialedNoStore(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    // A route's or a workflow's own Cache-Control stands (the token routes say no-store themselves).
    if (carriesCredentials(request) && reply.getHeader('cache-control') === undefined) void reply.header('cache-control', 'no-store');
    return payload;
  });
}
