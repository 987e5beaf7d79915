/**
 * What the gateway and the services say to each other over `@nestjs/microservices`: the
 * public request as it arrived (the service runs it through its own routes, guard,
 * validation and Idempotency-Key handling, so every check happens again there), and
 * the service's answer. Bodies travel as base64: they may be any bytes (webhooks).
 */
export const FORWARDED_HTTP_PATTERN = 'weft.http.request';
/** The service's OpenAPI document: the gateway builds its route table and its /docs from them. */
export const SERVICE_OPENAPI_PATTERN = 'weft.http.openapi';

export interface ForwardedRequest {
  readonly method: string;
  /** Path and query string, as received. */
  readonly url: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: string | undefined;
  /** The caller's address, for the services' per-IP throttles. */
  readonly remoteAddress: string;
}

export interface ForwardedResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: string;
}

/** Headers that describe one connection, not the message: never copied across a hop (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length']);

export function endToEndHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    kept[name.toLowerCase()] = typeof value === 'number' ? String(value) : value;
  }
  return kept;
}
