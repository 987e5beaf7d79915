import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-strategy';
import { type ApiKeyPrincipal } from '@weft/http';
import { Database } from '@weft/postgres';
import { findUsableApiKeyByHash, touchApiKey } from '@weft/read-model-users';
import { hashOpaqueToken, opaqueTokenKind } from '../security/index.js';

/** The permissions an API key acts with: those of a member (build and run workflows, manage nothing). */
export const API_KEY_ROLE = 'member';

/** `last_used_at` is kept to the minute; the read model skips younger touches too. */
const TOUCH_INTERVAL_MS = 60_000;
const MAX_REMEMBERED_KEYS = 10_000;

interface HeaderRequest {
  headers: Record<string, string | string[] | undefined>;
}

type Verified = (error: Error | null, principal?: ApiKeyPrincipal | false) => void;

/** `X-API-Key: weft_ak_...` as a passport strategy, so the gateway's passport chain covers both credentials. */
class HeaderApiKeyStrategy extends Strategy {
  // Nest's PassportStrategy mixin passes this verify callback; it runs `validate`.
  constructor(private readonly verify: (key: string, done: Verified) => void) {
    super();
  }

  override authenticate(request: HeaderRequest): void {
    const header = request.headers['x-api-key'];
    const key = Array.isArray(header) ? header[0] : header;
    // No header: let the next strategy (the bearer token) try.
    if (key === undefined || key === '') return this.fail(401);
    this.verify(key, (error, principal) => {
      if (error) this.error(error);
      else if (principal) this.success(principal);
      else this.fail(401);
    });
  }
}

/**
 * Looks the key up by its sha256 in the `api_keys` read model (unknown, revoked and
 * expired keys all fail alike) and records its use. Malformed keys fail before any query.
 */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderApiKeyStrategy, 'api-key') {
  /** When this process last recorded each key's use: a busy key costs no write (nor round trip) per request. */
  private readonly touched = new Map<string, number>();

  constructor(@Inject(Database) private readonly db: Database) {
    super();
  }

  async validate(key: string): Promise<ApiKeyPrincipal | false> {
    if (opaqueTokenKind(key) !== 'apiKey') return false;
    const now = new Date();
    const found = await findUsableApiKeyByHash(this.db, hashOpaqueToken(key), now);
    if (found === undefined) return false;
    await this.recordUse(found.id, now);
    return { kind: 'apiKey', apiKeyId: found.id, organizationId: found.organizationId, role: API_KEY_ROLE };
  }

  private async recordUse(apiKeyId: string, now: Date): Promise<void> {
    if (now.getTime() - (this.touched.get(apiKeyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    if (this.touched.size >= MAX_REMEMBERED_KEYS) this.touched.clear();
    this.touched.set(apiKeyId, now.getTime());
    await touchApiKey(this.db, apiKeyId, now);
  }
}
