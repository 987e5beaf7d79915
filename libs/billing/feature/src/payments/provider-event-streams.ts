import { Inject, Injectable } from '@nestjs/common';
import { type ProviderEvent, type RecordProviderEvent, providerEventDecider, providerEventStreamId } from '@weft/billing-domain';
import { type CommandContext, EventIdConflictError, type EventStreamStore, SYSTEM_ACTOR, actorMetadata, handleCommand } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';

/** What became of a delivery: recorded now, recorded by an earlier delivery, or of no use to billing. */
export interface ProviderEventReceipt {
  readonly received: true;
  readonly eventId: string;
  readonly outcome: 'recorded' | 'duplicate' | 'ignored';
}

/**
 * Records the payment notifications a provider delivered, one stream per provider event
 * (`billing.ProviderEvent-<provider>-<event id>`). The command id is the provider's
 * event id, so the event id appended is too: the first delivery appends at "no stream",
 * a redelivery (or two at once: one appends, the other conflicts, reloads and finds it)
 * appends nothing. The invoice and dunning step reads these events; until it exists,
 * recording them is the whole effect.
 */
@Injectable()
export class ProviderEventStreams {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStreamStore) {}

  async record(event: ProviderEvent, context: CommandContext, receivedAt: Date): Promise<ProviderEventReceipt> {
    const { provider, providerEventId, notification, organizationId } = event;
    if (notification === null) return { received: true, eventId: providerEventId, outcome: 'ignored' };
    const metadata = {
      ...actorMetadata({ ...context, actor: SYSTEM_ACTOR, ...(organizationId === null ? {} : { organizationId }) }, receivedAt),
      commandId: `provider-event:${provider}:${providerEventId}`,
    };
    const command: RecordProviderEvent = { type: 'RecordProviderEvent', data: { ...event, notification }, metadata };
    return { received: true, eventId: providerEventId, outcome: (await this.append(command)) ? 'recorded' : 'duplicate' };
  }

  /** True when this delivery recorded the event; false when an earlier (or a simultaneous) one had. */
  private async append(command: RecordProviderEvent): Promise<boolean> {
    const streamId = providerEventStreamId(command.data.provider, command.data.providerEventId);
    try {
      const result = await handleCommand({ store: this.store, streamId, decider: providerEventDecider, command });
      return !result.replayed && result.newEvents.length > 0;
    } catch (error) {
      // Two deliveries at once: the same event id, but each with its own request and time, so
      // the store refuses the second as another event under that id. The first one stands.
      if (error instanceof EventIdConflictError && (await this.store.readStream(streamId)).length > 0) return false;
      throw error;
    }
  }
}
