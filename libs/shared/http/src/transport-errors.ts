import { STATUS_CODES } from 'node:http';
import { type Socket } from 'node:net';
import { UserError } from '@weft/kernel';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ProblemDetails, sendProblem } from './problem-details.js';

// Requests refused before any route runs: by Fastify's router (a malformed percent-escape
// in the path, a path parameter over its length limit) or by Node's HTTP parser (headers
// too large, a malformed request line). Fastify and Node answer those with JSON of their
// own; these answer problem+json like every other refusal (docs/api.md, Errors).

const FRAMEWORK_REFUSALS: Readonly<Record<string, () => UserError>> = {
  FST_ERR_BAD_URL: () => new UserError('validation', 'request.url_invalid', 'The request path holds a malformed percent-escape; encode it as RFC 3986 says.'),
  FST_ERR_MAX_PARAM_LENGTH: () => new UserError('validation', 'request.path_parameter_too_long', 'A path parameter is longer than any id this API takes.'),
};

/** Fastify's `frameworkErrors`: the router's refusals as problem+json (400). */
export function answerFrameworkError(error: { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const refusal = FRAMEWORK_REFUSALS[error.code ?? '']?.() ?? new UserError('validation', 'request.invalid', 'The request could not be routed.');
  void sendProblem(request, reply, refusal);
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refused, answered on the socket
 * (no request object exists yet) as problem+json, then the connection is closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'request.headers_too_large', 'The request headers (the URL included) are larger than this server takes; send less in the URL and headers.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request.timeout', 'The request was not received in time.']
        : [400, 'request.malformed', 'The request is not well-formed HTTP/1.1.'];
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const problem: ProblemDetails = { type: `urn:weft:problem:${code}`, title, status, detail, code };
  const body = JSON.stringify(problem);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}
