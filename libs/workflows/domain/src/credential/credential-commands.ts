import { type TenantCommand } from '@weft/kernel';
import { type ActorFacts } from '../commands.js';
import { type CredentialType, type EncryptedCredentialData } from './credential-events.js';

/**
 * The feature validated `data` for `type` and encrypted it; only the blob comes here.
 * `credential:manage` (owners and admins) creates, updates and deletes. `ownerId` is
 * whose credential it is (usually the actor): a credential that is not shared may be
 * used only by its owner's workflows, see `mayUseCredential`.
 */
export type CreateCredential = TenantCommand<
  'CreateCredential',
  ActorFacts & {
    credentialId: string;
    name: string;
    type: CredentialType;
    encrypted: EncryptedCredentialData;
    isShared?: boolean;
    expiresAt?: Date | null;
    ownerId: string;
  }
>;
/** `encrypted` replaces the secret (the feature encrypted the new `data`). */
export type UpdateCredential = TenantCommand<'UpdateCredential', ActorFacts & { name?: string; encrypted?: EncryptedCredentialData }>;
export type DeleteCredential = TenantCommand<'DeleteCredential', ActorFacts>;
/**
 * A node is about to use the credential at `at` (issued by the execution service, not
 * an HTTP request: no role check). Decides no event, see `credentialDecider`.
 */
export type RecordCredentialUse = TenantCommand<'RecordCredentialUse', { at: Date }>;
/** Key rotation by the platform's rotation job: the same secret, encrypted under a new key. No role check. */
export type ReencryptCredential = TenantCommand<'ReencryptCredential', { encrypted: EncryptedCredentialData }>;

/** Every command of the Credential aggregate. */
export type CredentialCommand = CreateCredential | UpdateCredential | DeleteCredential | RecordCredentialUse | ReencryptCredential;
