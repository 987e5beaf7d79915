import { randomUUID } from 'node:crypto';
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
import { type CommandResult, type Decider, type DomainEvent, type EventStreamStore, type Command, loadState, handleCommand, streamIdOf } from '@weft/kernel';
import { EVENT_STORE, type OrganizationAccess, ReadYourWrites } from '@weft/nest';
import { TENANCY_PROJECTION } from '@weft/read-model-tenancy';
import { ReadModelMembershipDirectory } from './membership-directory.js';

export const organizationStreamId = (organizationId: string) => streamIdOf('tenancy', 'Organization', organizationId);
export const teamStreamId = (teamId: string) => streamIdOf('tenancy', 'Team', teamId);
/** Organization slugs are platform-wide; team slugs are unique within their organization. */
export const organizationSlugStreamId = (slug: string) => streamIdOf('tenancy', 'OrganizationSlug', slug);
export const teamSlugStreamId = (organizationId: string, slug: string) => streamIdOf('tenancy', 'TeamSlug', `${organizationId}.${slug}`);

/** What every tenancy command of a request carries. */
export interface RequestContext {
  readonly organizationId: string;
  readonly actorId: string;
  readonly requestId: string;
}

export const contextOf = (access: OrganizationAccess, requestId: string): RequestContext => ({ organizationId: access.organizationId, actorId: access.actorId, requestId });

export function tenantMetadata({ organizationId, actorId, requestId }: RequestContext, now = new Date()) {
  return { commandId: randomUUID(), now, organizationId, actorId, correlationId: requestId };
}

/**
 * Runs tenancy commands against the event store, then waits until the tenancy read model
 * shows them, so the same client's next query sees its change (read-your-writes).
 */
@Injectable()
export class TenancyCommands {
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

  /** Slug reservations are internal streams: nothing to wait for. */
  async slug(streamId: string, command: SlugReservationCommand): Promise<void> {
    await handleCommand({ store: this.store, streamId, decider: slugReservationDecider, command });
  }

  async organizationState(organizationId: string): Promise<OrganizationState> {
    return this.load(organizationStreamId(organizationId), organizationDecider);
  }

  async teamState(teamId: string): Promise<TeamState> {
    return this.load(teamStreamId(teamId), teamDecider);
  }

  private async run<S, C extends Command, E extends DomainEvent>(streamId: string, decider: Decider<S, C, E>, command: C): Promise<CommandResult<S>> {
    const result = await handleCommand({ store: this.store, streamId, decider, command });
    await this.readYourWrites.afterCommand(streamId, result, [TENANCY_PROJECTION]);
    return result;
  }

  private load<S, C extends Command, E extends DomainEvent>(streamId: string, decider: Decider<S, C, E>): Promise<S> {
    return loadState(this.store, streamId, decider);
  }
}
