import { Inject, Injectable } from '@nestjs/common';
import { type CommandResult, type EventStreamStore, UserError, handleCommand, loadState, streamIdOf } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { CREDENTIALS_PROJECTION } from '@weft/read-model-workflows';
import { type CredentialCommand, type CredentialState, type ExistingCredential, credentialDecider } from '@weft/workflows-domain';

export const credentialStreamId = (credentialId: string) => streamIdOf('workflows', 'Credential', credentialId);

export const credentialNotFound = () => new UserError('not_found', 'credential.not_found', 'No such credential.');

/**
 * The Credential streams: commands through the decider (then waiting until the
 * credentials read model shows them), and the current state, which only this context
 * reads because it holds the ciphertext.
 */
@Injectable()
export class CredentialStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async run(credentialId: string, command: CredentialCommand): Promise<CommandResult<CredentialState>> {
    const streamId = credentialStreamId(credentialId);
    const result = await handleCommand({ store: this.store, streamId, decider: credentialDecider, command });
    await this.readYourWrites.afterCommand(streamId, result, [CREDENTIALS_PROJECTION]);
    return result;
  }

  async state(credentialId: string): Promise<CredentialState> {
    return loadState(this.store, credentialStreamId(credentialId), credentialDecider);
  }

  /** The credential's state from its stream (its type, for checking new data); 404 when it is not the organization's or deleted. */
  async existing(organizationId: string, credentialId: string): Promise<ExistingCredential> {
    const state = await this.state(credentialId);
    if (state.status !== 'active' || state.organizationId !== organizationId) throw credentialNotFound();
    return state;
  }
}
