/** One HTTP answer of the public API, body parsed when it is JSON. */
export interface ApiAnswer<Body = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Body;
}

export type Credentials = { readonly token: string } | { readonly apiKey: string } | undefined;

const headersOf = (credentials: Credentials): Record<string, string> => {
  if (credentials === undefined) return {};
  return 'token' in credentials ? { authorization: `Bearer ${credentials.token}` } : { 'x-api-key': credentials.apiKey };
};

/**
 * A client of the platform's public HTTP API for end-to-end tests. It keeps every
 * response text, so a suite can prove at the end that no secret ever left the server.
 */
export class ApiClient {
  readonly texts: string[] = [];

  constructor(readonly baseUrl: string) {}

  async call<Body = Record<string, unknown>>(
    method: string,
    route: string,
    options: { body?: unknown; as?: Credentials; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<Body>> {
    const headers = { ...headersOf(options.as), ...options.headers, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) };
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) init.body = JSON.stringify(options.body);
    const response = await fetch(`${this.baseUrl}${route}`, init);
    const text = await response.text();
    this.texts.push(text);
    const body = (text !== '' && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : {}) as Body;
    return { status: response.status, headers: response.headers, text, body };
  }

  get<Body = Record<string, unknown>>(route: string, as?: Credentials) {
    return this.call<Body>('GET', route, { as });
  }

  post<Body = Record<string, unknown>>(route: string, body: unknown, as?: Credentials) {
    return this.call<Body>('POST', route, { body, as });
  }

  patch<Body = Record<string, unknown>>(route: string, body: unknown, as?: Credentials) {
    return this.call<Body>('PATCH', route, { body, as });
  }

  delete<Body = Record<string, unknown>>(route: string, as?: Credentials) {
    return this.call<Body>('DELETE', route, { as });
  }
}

let registrations = 0;

/** A registered user of the platform: their id, email, password and access token. */
export interface TestUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly password: string;
  readonly token: string;
}

/** Registers a fresh user (unique email, a password the policy accepts). */
export async function registerUser(client: ApiClient, name = 'Test User'): Promise<TestUser> {
  registrations += 1;
  const email = `user${registrations}.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.com`;
  const password = `violet-kestrel-${registrations}-${Math.random().toString(36).slice(2, 8)}`;
  const answer = await client.post<{ user: { id: string }; accessToken: string }>('/api/v1/auth/register', { name, email, password });
  if (answer.status !== 201) throw new Error(`registration failed with ${answer.status}: ${answer.text}`);
  return { id: answer.body.user.id, name, email, password, token: answer.body.accessToken };
}
