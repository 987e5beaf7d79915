/**
 * The error taxonomy. Behaviour is attached to the kind, not to the call site:
 * - `UserError`: the caller asked for something invalid; stable `code`, mapped to a 4xx, never retried or reported.
 * - `OperationalError`: the world misbehaved (timeouts, a broker away); retried, logged at warn.
 * - anything else is unexpected: a bug, reported and mapped to 500.
 */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type UserErrorKind =
  | 'validation'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'payment_required'
  | 'rate_limited'
  | 'unsupported_media_type'
  | 'unprocessable';

export class UserError extends Error {
  readonly retryable = false;
  constructor(
    readonly kind: UserErrorKind,
    readonly code: string,
    message: string,
    readonly details: { readonly errors?: readonly FieldError[]; readonly [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export class OperationalError extends Error {
  readonly retryable = true;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OperationalError';
  }
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;
export const isOperationalError = (error: unknown): error is OperationalError => error instanceof OperationalError;
