import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type CommandResult, type EventStreamStore, loadState, handleCommand, streamIdOf } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { CREDENTIALS_PROJECTION } from '@weft/read-model-workflows';
import { type CredentialCommand, type CredentialState, credentialDecider } from '@weft/workflows-domain';

export const credentialStreamId = (credentialId: string) => streamIdOf('workflows', 'Credential', credentialId);

/** A command's metadata from the request that issued it. */
export function credentialMetadata(organizationId: string, actorId: string, requestId: string) {
  return { commandId: randomUUID(), now: new Date(), organizationId, actorId, correlationId: requestId };
}

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
}
