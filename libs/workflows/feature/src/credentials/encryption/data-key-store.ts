/** A stored data key: only ever wrapped (its plaintext never reaches a store). */
export interface DataKeyRecord {
  readonly organizationId: string;
  /** 1, 2, ... per organization; the highest is current. */
  readonly version: number;
  /** The key provider's wrapped form (base64). */
  readonly wrappedKey: string;
  /** The master key that wrapped it; changes on rewrap, the data key does not. */
  readonly masterKeyId: string;
  readonly createdAt: Date;
  readonly rewrappedAt: Date | null;
}

/** Where a listing of keys resumes: after this (organization, version), in that order. */
export interface DataKeyCursor {
  readonly organizationId: string;
  readonly version: number;
}

/**
 * The data-key-store port: per-organization data keys, wrapped. Adapters:
 * `InMemoryDataKeyStore` (tests) and `PostgresDataKeyStore`; both pass
 * `describeDataKeyStoreContract`.
 */
export interface DataKeyStore {
  /** The organization's highest version, or undefined before its first key. */
  current(organizationId: string): Promise<DataKeyRecord | undefined>;
  byVersion(organizationId: string, version: number): Promise<DataKeyRecord | undefined>;
  /** Adds the next version (concurrent calls each get their own version). */
  create(organizationId: string, wrappedKey: string, masterKeyId: string): Promise<DataKeyRecord>;
  /**
   * Replaces the wrap of one version if it is still wrapped by `expectedMasterKeyId`
   * (compare-and-set, so concurrent rotations cannot clobber each other); false otherwise.
   */
  rewrap(organizationId: string, version: number, wrappedKey: string, masterKeyId: string, expectedMasterKeyId: string): Promise<boolean>;
  /** Keys of every organization not wrapped by `masterKeyId`, ordered by (organization, version), after `after`. */
  listWrappedByOther(masterKeyId: string, options: { readonly after?: DataKeyCursor; readonly limit: number }): Promise<DataKeyRecord[]>;
}

const byPosition = (a: DataKeyCursor, b: DataKeyCursor) =>
  a.organizationId === b.organizationId ? a.version - b.version : a.organizationId < b.organizationId ? -1 : 1;

/** The in-memory adapter (tests, and the contract's reference). `now` is injectable. */
export class InMemoryDataKeyStore implements DataKeyStore {
  private readonly records = new Map<string, DataKeyRecord[]>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  current(organizationId: string): Promise<DataKeyRecord | undefined> {
    return Promise.resolve(this.records.get(organizationId)?.at(-1));
  }

  byVersion(organizationId: string, version: number): Promise<DataKeyRecord | undefined> {
    return Promise.resolve(this.records.get(organizationId)?.find((record) => record.version === version));
  }

  create(organizationId: string, wrappedKey: string, masterKeyId: string): Promise<DataKeyRecord> {
    const versions = this.records.get(organizationId) ?? [];
    const record: DataKeyRecord = { organizationId, version: versions.length + 1, wrappedKey, masterKeyId, createdAt: this.now(), rewrappedAt: null };
    this.records.set(organizationId, [...versions, record]);
    return Promise.resolve(record);
  }

  rewrap(organizationId: string, version: number, wrappedKey: string, masterKeyId: string, expectedMasterKeyId: string): Promise<boolean> {
    const versions = this.records.get(organizationId) ?? [];
    const index = versions.findIndex((record) => record.version === version);
    const existing = versions[index];
    if (existing === undefined || existing.masterKeyId !== expectedMasterKeyId) return Promise.resolve(false);
    versions[index] = { ...existing, wrappedKey, masterKeyId, rewrappedAt: this.now() };
    return Promise.resolve(true);
  }

  listWrappedByOther(masterKeyId: string, options: { readonly after?: DataKeyCursor; readonly limit: number }): Promise<DataKeyRecord[]> {
    const { after } = options;
    const all = [...this.records.values()].flat().sort(byPosition);
    return Promise.resolve(
      all.filter((record) => record.masterKeyId !== masterKeyId && (after === undefined || byPosition(record, after) > 0)).slice(0, options.limit),
    );
  }
}
