import { type JsonValue, NodeOperationError, type NodeExecutionContext, type CredentialResolver, parseJsonData } from '@weft/engine-core';
import { type HttpCall, send, type TransportOptions } from './transport.js';

export interface AppliedAuth {
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
}

const text = (data: Record<string, JsonValue>, key: string): string => {
  const value = data[key];
  if (value === undefined || value === null || value === '') throw new NodeOperationError(`credential field "${key}" is missing`);
  return String(value);
};

/** Turns the node's credential into headers / query parameters (OAuth2 fetches a token first). */
export async function applyAuthentication(ctx: NodeExecutionContext, kind: string, transport: TransportOptions): Promise<AppliedAuth> {
  if (kind === 'none') return { headers: {}, query: {} };
  const credentialId = ctx.node.credentials?.id;
  const resolver = ctx.services.credentials as CredentialResolver | undefined;
  if (!credentialId || !resolver) throw new NodeOperationError(`authentication "${kind}" needs a credential`);
  const data = await resolver.resolve(credentialId);
  switch (kind) {
    case 'basic':
      return { headers: { authorization: `Basic ${Buffer.from(`${text(data, 'user')}:${text(data, 'password')}`).toString('base64')}` }, query: {} };
    case 'bearer':
      return { headers: { authorization: `Bearer ${text(data, 'token')}` }, query: {} };
    case 'header':
      return { headers: { [text(data, 'name').toLowerCase()]: text(data, 'value') }, query: {} };
    case 'queryAuth':
      return { headers: {}, query: { [text(data, 'name')]: text(data, 'value') } };
    case 'oauth2ClientCredentials':
      return { headers: { authorization: `Bearer ${await clientCredentialsToken(data, transport)}` }, query: {} };
    default:
      throw new NodeOperationError(`unknown authentication "${kind}"`);
  }
}

async function clientCredentialsToken(data: Record<string, JsonValue>, transport: TransportOptions): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (data['scope']) form.set('scope', String(data['scope']));
  const basic = Buffer.from(`${encodeURIComponent(text(data, 'clientId'))}:${encodeURIComponent(text(data, 'clientSecret'))}`).toString('base64');
  const call: HttpCall = {
    method: 'POST',
    url: new URL(text(data, 'tokenUrl')),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}`, accept: 'application/json' },
    body: Buffer.from(form.toString()),
    secretHeaders: ['authorization'],
    secretQuery: [],
  };
  const response = await send(call, { ...transport, maxRedirects: 0 });
  if (response.statusCode >= 400) throw new NodeOperationError(`token endpoint answered ${response.statusCode}`);
  const token = (parseJsonData(response.body.toString('utf8'), 'the token response') as { access_token?: unknown }).access_token;
  if (typeof token !== 'string') throw new NodeOperationError('token endpoint returned no access_token');
  return token;
}
