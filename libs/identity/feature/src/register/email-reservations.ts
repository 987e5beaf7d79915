import { Inject, Injectable } from '@nestjs/common';
import { type ReserveEmail, emailReservationDecider } from '@weft/identity-domain';
import { type CommandContext, type EventStreamStore, UserError, commandMetadata, handleCommand, loadState } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { emailReservationStreamId } from '../streams/identity-streams.js';
import { UserAccounts } from '../streams/user-accounts.js';

/**
 * Email uniqueness without a racy read-model check: one stream per normalised email,
 * created with `no_stream` (handleCommand's expected version for an empty stream), so
 * of concurrent sign-ups exactly one appends and the others decide "taken" on retry.
 */
@Injectable()
export class EmailReservations {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly accounts: UserAccounts,
  ) {}

  /** Reserves `email` for `userId` (the context's actor: the user signing up), or throws `user.email_taken` (409). */
  async reserve(email: string, userId: string, context: CommandContext, now: Date): Promise<void> {
    const streamId = emailReservationStreamId(email);
    try {
      await this.append(streamId, { userId }, context, now);
    } catch (error) {
      if (!(error instanceof UserError && error.code === 'user.email_taken')) throw error;
      // A registration that died between its two appends leaves a reservation without a
      // user; the decider lets it be taken over once it is old enough.
      const holder = await loadState(this.store, streamId, emailReservationDecider);
      if (holder.status !== 'reserved' || (await this.accounts.load(holder.userId)) !== undefined) throw error;
      await this.append(streamId, { userId, replacesStaleHolder: holder.userId }, context, now);
    }
  }

  private async append(streamId: string, data: ReserveEmail['data'], context: CommandContext, now: Date): Promise<void> {
    const command: ReserveEmail = { type: 'ReserveEmail', data, metadata: commandMetadata(context, now) };
    await handleCommand({ store: this.store, streamId, decider: emailReservationDecider, command });
  }
}
