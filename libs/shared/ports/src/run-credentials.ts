/**
 * Whose authority a run has, and when: what decides whether it may use a credential.
 * The authority is the principal who last changed what the run runs (saved the
 * version, published or activated it), not who started the run: see
 * docs/credentials.md, "Whose authority a run has".
 */
export interface CredentialUseContext {
  readonly organizationId: string;
  /** The run's authority; `null` when unknown (only shared credentials may be used then). */
  readonly authorityId: string | null;
  readonly now: () => Date;
}

/** The credentials of one run: decrypted on request, remembering which were given out. */
export interface RunCredentials {
  resolve(credentialId: string): Promise<Record<string, unknown>>;
  /**
   * The checks `resolve` makes (exists in the organization, usable by the authority,
   * not expired), for every credential the run names, before its first node runs;
   * rejects with the first refusal. Nothing is decrypted.
   */
  verify(credentialIds: readonly string[]): Promise<void>;
  /** Ids of the credentials resolved so far (the run's record, never their data). */
  readonly used: ReadonlySet<string>;
}

/**
 * The port between the execution context (which runs nodes) and the workflows context
 * (which owns credentials and their keys): workflows provides it (`CredentialVault`).
 */
export interface RunCredentialsProvider {
  forRun(context: CredentialUseContext): RunCredentials;
}
export const RUN_CREDENTIALS = Symbol('RunCredentialsProvider');
