// How the catalog keys and matches webhook routes. The rules mirror
// libs/workflows/domain/src/webhook-route/webhook-path.ts (`normalizeWebhookRoute`,
// `webhookRouteKey`), which the execution context may not import (scope:workflows):
// method upper-case; outer slashes trimmed, repeated slashes collapsed, case kept;
// a segment `:name` is a parameter and its name does not take part in the key.
// The events already carry normalised routes: this only re-checks them.

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const STATIC_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const PARAM_SEGMENT = /^:[A-Za-z_][A-Za-z0-9_]*$/;
const PATH_MAX_LENGTH = 255;
/** A route path of at most 255 characters has at most 128 segments. */
export const MAX_SEGMENTS = 128;
/** Longest request path looked up at all (a longer one cannot match any route). */
const REQUEST_PATH_MAX_LENGTH = 2048;

/** The marker of a parameter segment in a shape. */
export const PARAM = ':';

const trimSlashes = (path: string) =>
  path
    .trim()
    .replace(/\/{2,}/g, '/')
    .replace(/^\/+|\/+$/g, '');

/** The upper-cased method, or `undefined` when it is not a webhook method. */
export function normalizeMethod(method: string): string | undefined {
  const upper = typeof method === 'string' ? method.trim().toUpperCase() : '';
  return (WEBHOOK_METHODS as readonly string[]).includes(upper) ? upper : undefined;
}

/** A route as the catalog stores it. */
export interface CatalogRoute {
  readonly method: string;
  /** Normalised, parameter names kept: `orders/:id`. */
  readonly path: string;
  /** `webhookRouteKey`: `GET orders/:`. Unique platform-wide. */
  readonly shape: string;
  /** The shape's segments, `:` for a parameter. */
  readonly segments: readonly string[];
  /** One character per segment, `0` literal and `1` parameter: ascending order puts the leftmost literal first. */
  readonly specificity: string;
}

/** The stored form of a route an event carries, or `undefined` when it is not a valid route. */
export function catalogRouteOf(method: string, path: string): CatalogRoute | undefined {
  const m = normalizeMethod(method);
  if (m === undefined || typeof path !== 'string') return undefined;
  const normalized = trimSlashes(path);
  if (normalized.length === 0 || normalized.length > PATH_MAX_LENGTH) return undefined;
  const raw = normalized.split('/');
  for (const segment of raw) {
    if (segment === '.' || segment === '..') return undefined;
    if (segment.startsWith(':') ? !PARAM_SEGMENT.test(segment) : !STATIC_SEGMENT.test(segment)) return undefined;
  }
  const segments = raw.map((s) => (s.startsWith(':') ? PARAM : s));
  return { method: m, path: normalized, shape: `${m} ${segments.join('/')}`, segments, specificity: segments.map((s) => (s === PARAM ? '1' : '0')).join('') };
}

/** A request path split for matching: `undefined` when no route can match it. */
export interface RequestPath {
  readonly path: string;
  readonly segments: readonly string[];
}

/**
 * The request's path (what follows `/webhook/`, without the query string) normalised
 * like a route path. Segments are compared as received (routes hold only unreserved
 * characters, which never need percent-encoding); parameter values are decoded.
 */
export function requestPathOf(requestPath: string): RequestPath | undefined {
  if (typeof requestPath !== 'string' || requestPath.length > REQUEST_PATH_MAX_LENGTH) return undefined;
  // A NUL (`/webhook/%00`, decoded by the controller) matches no route, and PostgreSQL text cannot hold one: the lookup's query would fail.
  if (requestPath.includes('\u0000')) return undefined;
  const query = requestPath.search(/[?#]/);
  const path = trimSlashes(query < 0 ? requestPath : requestPath.slice(0, query));
  if (path.length === 0) return undefined;
  const segments = path.split('/');
  if (segments.length > MAX_SEGMENTS || segments.some((s) => s === '.' || s === '..')) return undefined;
  return { path, segments };
}

/** The parameters a matched route's path binds in the request's segments. */
export function paramsOf(routePath: string, requestSegments: readonly string[]): Record<string, string> {
  // `Object.fromEntries` defines own properties, so a parameter named `__proto__` stays a plain key.
  return Object.fromEntries(
    routePath
      .split('/')
      .map((segment, i) => [segment, requestSegments[i] ?? ''] as const)
      .filter(([segment]) => segment.startsWith(':'))
      .map(([segment, value]) => [segment.slice(1), decodeSegment(value)]),
  );
}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // malformed percent-encoding: the raw text is the value
  }
}
