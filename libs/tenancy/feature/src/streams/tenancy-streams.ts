import { Inject, Injectable } from '@nestjs/common';
import {
  type OrganizationCommand,
  type OrganizationState,
  type SlugReservationCommand,
  type TeamCommand,
  type TeamState,
  organizationDecider,
  slugReservationDecider,
  teamDecider,
} from '@weft/tenancy-domain';
import { type Command, type CommandResult, type Decider, type DomainEvent, type EventStreamStore, handleCommand, streamIdOf } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { TENANCY_PROJECTION } from '@weft/read-model-tenancy';
import { ReadModelMembershipDirectory } from '../ports/membership-directory.js';

export const organizationStreamId = (organizationId: string) => streamIdOf('tenancy', 'Organization', organizationId);
export const teamStreamId = (teamId: string) => streamIdOf('tenancy', 'Team', teamId);
/** Organization slugs are platform-wide; team slugs are unique within their organization. */
export const organizationSlugStreamId = (slug: string) => streamIdOf('tenancy', 'OrganizationSlug', slug);
export const teamSlugStreamId = (organizationId: string, slug: string) => streamIdOf('tenancy', 'TeamSlug', `${organizationId}.${slug}`);

/**
 * The handlers' access to tenancy's streams: load-decide-append through the kernel's
 * `handleCommand`, then wait until the tenancy read model shows the change, so the same
 * client's next query sees it (read-your-writes).
 */
@Injectable()
export class TenancyStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly readYourWrites: ReadYourWrites,
    private readonly memberships: ReadModelMembershipDirectory,
  ) {}

  async organization(command: OrganizationCommand): Promise<CommandResult<OrganizationState>> {
    const result = await this.run(organizationStreamId(command.metadata.organizationId), organizationDecider, command);
    // The read model shows the change now (read-your-writes waited): the guard must too.
    if (result.newEvents.length > 0) this.memberships.forgetOrganization(command.metadata.organizationId);
    return result;
  }

  team(teamId: string, command: TeamCommand): Promise<CommandResult<TeamState>> {
    return this.run(teamStreamId(teamId), teamDecider, command);
  }

  /** Slug reservations are internal streams, in no read model: nothing to wait for. */
  async slug(streamId: string, command: SlugReservationCommand): Promise<void> {
    await handleCommand({ store: this.store, streamId, decider: slugReservationDecider, command });
  }

  private async run<S, C extends Command, E extends DomainEvent>(streamId: string, decider: Decider<S, C, E>, command: C): Promise<CommandResult<S>> {
    const result = await handleCommand({ store: this.store, streamId, decider, command });
    await this.readYourWrites.afterCommand(streamId, result, [TENANCY_PROJECTION]);
    return result;
  }
}
