import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type VerifyEmail, userDecider } from '@weft/identity-domain';
import { type EventStreamStore, UserError, commandMetadata, handleCommand, asUser } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { USERS_PROJECTION } from '@weft/read-model-users';
import { hashAccountToken, invalidAccountToken, userIdOfAccountToken } from '../account-tokens/account-token-codec.js';
import { userStreamId } from '../streams/identity-streams.js';
import { VerifyEmailCommand } from './verify-email.command.js';

/**
 * The token names its user, so the User stream is loaded directly and its decider
 * spends the token (once, before it expires, only the latest issued). Waits until the
 * users read model shows the address as verified. The token's user is the actor: the
 * decider writes nothing unless the token is theirs.
 */
@CommandHandler(VerifyEmailCommand)
export class VerifyEmailHandler implements ICommandHandler<VerifyEmailCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ token, context }: VerifyEmailCommand): Promise<void> {
    const userId = userIdOfAccountToken('emailVerification', token);
    if (userId === undefined) throw invalidAccountToken('emailVerification');
    const command: VerifyEmail = { type: 'VerifyEmail', data: { tokenHash: hashAccountToken(token) }, metadata: commandMetadata(asUser(context, userId)) };
    const streamId = userStreamId(userId);
    try {
      const result = await handleCommand({ store: this.store, streamId, decider: userDecider, command });
      await this.readYourWrites.waitFor({ streamId, streamVersion: result.streamVersion }, [USERS_PROJECTION]);
    } catch (error) {
      if (error instanceof UserError && error.code === 'user.not_found') throw invalidAccountToken('emailVerification');
      throw error;
    }
  }
}
