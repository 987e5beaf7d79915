import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { type FieldError, type UserError, type UserErrorKind, isUserError } from '@weft/kernel';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** RFC 9457 problem details, the body of every error response. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

const STATUS_OF_KIND: Record<UserErrorKind, number> = {
  validation: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  unsupported_media_type: 415,
};

const titleOf = (status: number) =>
  (HttpStatus[status] ?? 'Error')
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());
const typeOf = (code: string) => `urn:weft:problem:${code}`;

/** Thrown at the edge for malformed input; carries one entry per offending field. */
export class InvalidRequestError extends HttpException {
  constructor(
    readonly errors: readonly FieldError[],
    detail = 'The request is invalid; see errors for what to fix.',
  ) {
    super({ detail, errors }, HttpStatus.BAD_REQUEST);
  }
}

/** Translates any thrown value into a problem; unexpected errors never leak their message. */
export function toProblem(error: unknown, instance?: string): { problem: ProblemDetails; unexpected: boolean; headers: Record<string, string> } {
  if (isUserError(error)) {
    const status = STATUS_OF_KIND[error.kind];
    const { errors, retryAfterSeconds, allow, ...extensions } = error.details as { errors?: FieldError[]; retryAfterSeconds?: number; allow?: string };
    const headers: Record<string, string> = {
      ...(retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {}),
      ...(allow !== undefined ? { allow } : {}),
    };
    return {
      problem: {
        ...extensions,
        type: typeOf(error.code),
        title: titleOf(status),
        status,
        detail: error.message,
        code: error.code,
        instance,
        ...(errors ? { errors } : {}),
      },
      unexpected: false,
      headers,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const fromBody = typeof body === 'object' && body !== null ? (body as { detail?: string; message?: string | string[]; errors?: FieldError[] }) : {};
    const detail = fromBody.detail ?? (Array.isArray(fromBody.message) ? fromBody.message.join('; ') : fromBody.message) ?? error.message;
    const code = `http.${status}`;
    return {
      problem: { type: typeOf(code), title: titleOf(status), status, detail, code, instance, ...(fromBody.errors ? { errors: fromBody.errors } : {}) },
      unexpected: status >= 500,
      headers: {},
    };
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const code = `http.${status}`;
    return {
      problem: { type: typeOf(code), title: titleOf(status), status, detail: fastifyError.message ?? titleOf(status), code, instance },
      unexpected: false,
      headers: {},
    };
  }
  return {
    problem: {
      type: typeOf('internal'),
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred. It has been logged with this request id.',
      code: 'internal',
      instance,
    },
    unexpected: true,
    headers: {},
  };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, unexpected, headers } = toProblem(error, request.url);
    if (unexpected) this.logger.error(`request ${request.id} failed: ${(error as Error)?.stack ?? String(error)}`);
    void reply
      .status(problem.status)
      .headers({ ...headers, 'content-type': 'application/problem+json' })
      .send({ ...problem, requestId: request.id });
  }
}

/** Answers a Fastify request with `error` as problem+json (for hooks, which run outside Nest's filters). */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: UserError): FastifyReply {
  const { problem, headers } = toProblem(error, request.url);
  return sendProblemDetails(request, reply, problem, headers);
}

export function sendProblemDetails(request: FastifyRequest, reply: FastifyReply, problem: ProblemDetails, headers: Record<string, string>): FastifyReply {
  return reply
    .code(problem.status)
    .headers({ ...headers, 'content-type': 'application/problem+json' })
    .send({ ...problem, requestId: request.id });
}
