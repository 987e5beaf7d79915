/** Who runs a workflow, and when: what decides whether it may use a credential. */
export interface CredentialUseContext {
  readonly organizationId: string;
  /** The workflow's owner (its creator). */
  readonly workflowOwnerId: string;
  /** Who started the run; `null` for a webhook or schedule. */
  readonly actorId: string | null;
  readonly now: () => Date;
}

/** The credentials of one run: decrypted on request, remembering which were given out. */
export interface RunCredentials {
  resolve(credentialId: string): Promise<Record<string, unknown>>;
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
