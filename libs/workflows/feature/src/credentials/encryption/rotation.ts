import { type DataKeyCursor, type DataKeyStore } from './data-key-store.js';
import { type KeyProvider } from './key-provider.js';

/** What a rewrap run did. Ids and counts only. */
export interface RewrapReport {
  /** The master key every data key is now wrapped by. */
  readonly masterKeyId: string;
  /** Data keys re-wrapped by this run. */
  readonly rewrapped: number;
  /** Data keys another run re-wrapped first (compare-and-set lost; nothing to do). */
  readonly skipped: number;
}

export interface RewrapOptions {
  /** Keys read per page. Default 100. */
  readonly batchSize?: number;
}

/**
 * The master-key rotation command: re-wraps every organization's data keys under the
 * provider's current master key. The data keys themselves do not change, so no
 * credential ciphertext is touched. Idempotent and resumable: it pages through keys
 * not yet under the current master key; rerun it after a failure. The old master key
 * must stay configured until it has finished (it unwraps); afterwards it can go.
 * A failure (e.g. a key whose master key is no longer configured) stops the run with
 * the provider's error, which names ids only.
 */
export async function rewrapDataKeys(store: DataKeyStore, provider: KeyProvider, options: RewrapOptions = {}): Promise<RewrapReport> {
  const masterKeyId = provider.currentMasterKeyId();
  const limit = options.batchSize ?? 100;
  let rewrapped = 0;
  let skipped = 0;
  let after: DataKeyCursor | undefined;
  for (;;) {
    const page = await store.listWrappedByOther(masterKeyId, { after, limit });
    for (const record of page) {
      const context = { organizationId: record.organizationId };
      const dataKey = await provider.unwrap(record.wrappedKey, record.masterKeyId, context);
      try {
        const wrapped = await provider.wrap(dataKey, context);
        const done = await store.rewrap(record.organizationId, record.version, wrapped.wrappedKey, wrapped.masterKeyId, record.masterKeyId);
        if (done) rewrapped++;
        else skipped++;
      } finally {
        dataKey.fill(0);
      }
    }
    const last = page.at(-1);
    if (last === undefined || page.length < limit) return { masterKeyId, rewrapped, skipped };
    after = { organizationId: last.organizationId, version: last.version };
  }
}
