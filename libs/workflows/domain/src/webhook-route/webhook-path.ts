import { UserError } from '@weft/kernel';

// What `ANY /webhook/{path}` matches. The engine's duplicate check keys webhooks as
// `METHOD path` with the method upper-cased and the path's outer slashes trimmed, case
// kept (as n8n does): these rules are the same, stricter. workflow-format.md says
// nothing more, so: repeated slashes collapse, `.`/`..` segments and anything outside
// the URL's unreserved characters (plus `:` opening a parameter) are refused — a path
// never needs percent-encoding, so two spellings never name one route.

/** The HTTP methods a webhook trigger may listen on. */
export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

/** A webhook a workflow listens on, normalised: `path` has no outer slashes. */
export interface WebhookRoute {
  readonly method: WebhookMethod;
  readonly path: string;
}

export const WEBHOOK_PATH_MAX_LENGTH = 255;

const STATIC_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const PARAM_SEGMENT = /^:[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `path` is not a webhook path, or `null` when it is one (checked after trimming outer slashes). */
export function webhookPathProblem(path: string): string | null {
  const trimmed = trimSlashes(path);
  if (trimmed.length === 0) return 'the path must not be empty';
  if (trimmed.length > WEBHOOK_PATH_MAX_LENGTH) return `the path must be at most ${WEBHOOK_PATH_MAX_LENGTH} characters`;
  for (const segment of trimmed.split('/')) {
    if (segment === '.' || segment === '..') return 'the path must not contain "." or ".." segments';
    if (segment.startsWith(':')) {
      if (!PARAM_SEGMENT.test(segment)) return `"${segment}" is not a parameter (":" then a letter or "_", then letters, digits or "_")`;
    } else if (!STATIC_SEGMENT.test(segment)) return `"${segment}" may hold only letters, digits and . _ ~ -`;
  }
  return null;
}

/** The normalised path: outer slashes trimmed, repeated slashes collapsed, case kept; `validation` error otherwise. */
export function normalizeWebhookPath(path: string): string {
  const problem = typeof path === 'string' ? webhookPathProblem(path) : 'the path must be a string';
  if (problem !== null)
    throw new UserError('validation', 'webhook.path_invalid', `Invalid webhook path: ${problem}.`, { errors: [{ field: 'path', message: problem }] });
  return trimSlashes(path);
}

/** The upper-cased method, or a `validation` error. */
export function normalizeWebhookMethod(method: string): WebhookMethod {
  const upper = typeof method === 'string' ? method.trim().toUpperCase() : '';
  if (!(WEBHOOK_METHODS as readonly string[]).includes(upper)) {
    throw new UserError('validation', 'webhook.method_invalid', `Webhook method must be one of ${WEBHOOK_METHODS.join(', ')}.`, {
      errors: [{ field: 'method', message: 'unsupported method' }],
    });
  }
  return upper as WebhookMethod;
}

export function normalizeWebhookRoute(route: { readonly method: string; readonly path: string }): WebhookRoute {
  return { method: normalizeWebhookMethod(route.method), path: normalizeWebhookPath(route.path) };
}

/**
 * The key one reservation stream is named by: `METHOD path` with parameter names
 * dropped, since `orders/:id` and `orders/:orderId` match the same requests. (Overlaps
 * of a parameter with a literal, `orders/:id` and `orders/big`, are not decided
 * here: the webhook router has to choose, a literal before a parameter.)
 */
export function webhookRouteKey(route: WebhookRoute): string {
  const shape = route.path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? ':' : segment))
    .join('/');
  return `${route.method} ${shape}`;
}

/** How a route is named in messages: `POST orders/:id`. */
export const describeRoute = (route: WebhookRoute) => `${route.method} ${route.path}`;

function trimSlashes(path: string): string {
  return path
    .trim()
    .replace(/\/{2,}/g, '/')
    .replace(/^\/+|\/+$/g, '');
}
