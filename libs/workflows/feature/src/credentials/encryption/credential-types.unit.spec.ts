import { UserError } from '@weft/kernel';
import {
  CREDENTIAL_SCHEMAS,
  CREDENTIAL_SECRET_FIELDS,
  CREDENTIAL_TYPES,
  CUSTOM_CREDENTIAL_MAX_BYTES,
  type CredentialType,
  assertValidCredentialData,
  isCredentialType,
  validateCredentialData,
} from './credential-types.js';
import { type JsonSchema, assertSupportedSchema } from './schema-check.js';

const SECRET = 'sk_live_DoNotEchoMe_42';

const valid: { readonly [T in CredentialType]: Record<string, unknown> } = {
  httpBasicAuth: { user: 'alice', password: SECRET },
  httpHeaderAuth: { name: 'X-Api-Key', value: SECRET },
  httpBearerAuth: { token: SECRET },
  httpQueryAuth: { name: 'api_key', value: SECRET },
  oAuth2ClientCredentials: { tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'weft', clientSecret: SECRET, scope: 'read write', audience: 'api' },
  custom: { apiKey: SECRET, nested: { region: 'eu', retries: 3, flags: [true, null] } },
};

const fields = (type: CredentialType, data: unknown) => validateCredentialData(type, data).map((issue) => issue.field);

describe('credential types', () => {
  it('has exactly the six types, each with a schema and a secret-field list', () => {
    expect([...CREDENTIAL_TYPES].sort()).toEqual(['custom', 'httpBasicAuth', 'httpBearerAuth', 'httpHeaderAuth', 'httpQueryAuth', 'oAuth2ClientCredentials']);
    for (const type of CREDENTIAL_TYPES) {
      expect(CREDENTIAL_SCHEMAS[type].type).toBe('object');
      expect(CREDENTIAL_SECRET_FIELDS[type]).toBeDefined();
    }
    expect(isCredentialType('httpBearerAuth')).toBe(true);
    expect(isCredentialType('toString')).toBe(false);
    expect(isCredentialType(undefined)).toBe(false);
  });

  it('accepts valid data of every type', () => {
    for (const type of CREDENTIAL_TYPES) expect(validateCredentialData(type, valid[type])).toEqual([]);
    expect(
      validateCredentialData('oAuth2ClientCredentials', { tokenUrl: 'https://auth.example.com:8443/token?x=1', clientId: 'a', clientSecret: 'b' }),
    ).toEqual([]);
  });

  it('closed schemas: every non-custom type requires its fields, forbids others and limits lengths', () => {
    for (const type of CREDENTIAL_TYPES.filter((t) => t !== 'custom')) {
      const schema = CREDENTIAL_SCHEMAS[type];
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required?.length).toBeGreaterThan(0);
      for (const property of Object.values(schema.properties ?? {})) expect(property.maxLength).toBeGreaterThan(0);
    }
  });

  it('names each missing field, and rejects non-objects', () => {
    expect(fields('httpBasicAuth', {})).toEqual(['data.user', 'data.password']);
    expect(fields('oAuth2ClientCredentials', { tokenUrl: 'https://a.example' })).toEqual(['data.clientId', 'data.clientSecret']);
    for (const junk of [null, [], 'x', 3, undefined]) expect(fields('httpBearerAuth', junk)).toEqual(['data']);
    expect(fields('custom', [1])).toEqual(['data']);
  });

  it('refuses unknown fields without naming them (a key can be a pasted secret)', () => {
    const issues = validateCredentialData('httpBearerAuth', { token: 't', [SECRET]: 'x' });
    expect(issues).toEqual([{ field: 'data', message: 'has 1 unknown field: only token are allowed' }]);
  });

  it('refuses wrong types, empty and over-long strings, with the limit in the message', () => {
    expect(validateCredentialData('httpBearerAuth', { token: 42 })[0]?.field).toBe('data.token');
    expect(validateCredentialData('httpBearerAuth', { token: '' })[0]?.message).toBe('must not be empty');
    expect(validateCredentialData('httpBearerAuth', { token: 'x'.repeat(8_193) })[0]?.message).toBe('must be at most 8192 characters');
    expect(validateCredentialData('httpBearerAuth', { token: 'x'.repeat(8_192) })).toEqual([]);
  });

  it('refuses header injection, bad header names, colons in basic-auth users and non-https token URLs', () => {
    expect(fields('httpHeaderAuth', { name: 'X-Key', value: 'a\r\nSet-Cookie: x' })).toEqual(['data.value']);
    expect(fields('httpBearerAuth', { token: 'a\nb' })).toEqual(['data.token']);
    expect(fields('httpHeaderAuth', { name: 'X Key:', value: 'v' })).toEqual(['data.name']);
    expect(fields('httpBasicAuth', { user: 'a:b', password: 'p' })).toEqual(['data.user']);
    for (const tokenUrl of ['http://auth.example.com/token', 'https://', 'ftp://x', 'https://user:pw@auth.example.com/t', 'not a url']) {
      expect(fields('oAuth2ClientCredentials', { tokenUrl, clientId: 'a', clientSecret: 'b' })).toEqual(['data.tokenUrl']);
    }
  });

  it('limits custom data by size and depth, and accepts only plain JSON', () => {
    expect(validateCredentialData('custom', { blob: 'x'.repeat(CUSTOM_CREDENTIAL_MAX_BYTES) })[0]?.message).toBe(
      `must be at most ${CUSTOM_CREDENTIAL_MAX_BYTES} bytes as JSON`,
    );
    expect(validateCredentialData('custom', { blob: 'x'.repeat(CUSTOM_CREDENTIAL_MAX_BYTES - 20) })).toEqual([]);
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10; i++) deep = { deep };
    expect(validateCredentialData('custom', deep)[0]?.message).toMatch(/levels deep/);
    expect(fields('custom', { when: new Date() })).toEqual(['data']);
    expect(fields('custom', { n: Number.NaN })).toEqual(['data']);
    expect(fields('custom', { f: () => SECRET })).toEqual(['data']);
  });

  it('never echoes a submitted value in any message', () => {
    const attempts: [CredentialType, unknown][] = [
      ['httpBasicAuth', { user: `${SECRET}:`, password: `${SECRET}\n` }],
      ['httpHeaderAuth', { name: `${SECRET} `, value: SECRET.repeat(1_000) }],
      ['httpBearerAuth', { token: `${SECRET}\r`, [SECRET]: SECRET }],
      ['httpQueryAuth', { name: SECRET.repeat(50), value: 7 }],
      ['oAuth2ClientCredentials', { tokenUrl: `http://${SECRET}`, clientId: SECRET.repeat(100), clientSecret: [SECRET] }],
      ['custom', { big: SECRET.repeat(2_000) }],
      ['custom', SECRET],
    ];
    for (const [type, data] of attempts) {
      const issues = validateCredentialData(type, data);
      expect(issues.length).toBeGreaterThan(0);
      expect(JSON.stringify(issues)).not.toContain('DoNotEchoMe');
    }
  });

  it('throws a 422 user error carrying the field errors', () => {
    expect(() => assertValidCredentialData('httpBearerAuth', { token: valid.httpBearerAuth['token'] })).not.toThrow();
    let thrown: unknown;
    try {
      assertValidCredentialData('httpBasicAuth', { user: SECRET });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect(thrown).toMatchObject({ kind: 'unprocessable', code: 'credential.data_invalid', details: { errors: [{ field: 'data.password' }] } });
    expect(JSON.stringify(thrown) + String(thrown)).not.toContain('DoNotEchoMe');
  });

  it('the checker refuses schema keywords it does not implement, instead of ignoring them', () => {
    for (const schema of Object.values(CREDENTIAL_SCHEMAS)) expect(() => assertSupportedSchema(schema)).not.toThrow();
    expect(() => assertSupportedSchema({ type: 'string', format: 'uri' } as unknown as JsonSchema)).toThrow(/format/);
    expect(() => assertSupportedSchema({ type: 'object', properties: { a: { type: 'number' } } } as unknown as JsonSchema)).toThrow(/object or string/);
    expect(() => assertSupportedSchema({ type: 'object', additionalProperties: true } as unknown as JsonSchema)).toThrow(/additionalProperties/);
  });
});
