import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { type UserCommand, userDecider } from '@weft/identity-domain';
import { type CommandContext, type EventStreamStore, UserError, handleCommand, type ActorMetadata, asUser, actorMetadata } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { MEMBERSHIPS, type MembershipDirectory } from '@weft/ports';
import { USERS_PROJECTION } from '@weft/read-model-users';
import { GetMeQuery, type MeResponse } from '../get-me/get-me.query.js';
import { userStreamId } from '../streams/identity-streams.js';
import { UpdateMeCommand } from './update-me.command.js';

/**
 * `PATCH /api/v1/me`: the display name and the current organization (a preference the
 * clients open on). The organization must be one the user belongs to, asked of tenancy
 * through the access guard's membership port, so identity reads no tenancy table. Answers
 * with the profile once the `users` read model shows the change.
 */
@CommandHandler(UpdateMeCommand)
export class UpdateMeHandler implements ICommandHandler<UpdateMeCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(MEMBERSHIPS) private readonly memberships: MembershipDirectory,
    private readonly readYourWrites: ReadYourWrites,
    private readonly queries: QueryBus,
  ) {}

  async execute({ userId, input, context }: UpdateMeCommand): Promise<MeResponse> {
    const acting = asUser(context, userId);
    const commands: UserCommand[] = [];
    if (input.name !== undefined) commands.push({ type: 'UpdateProfile', data: { name: input.name }, metadata: metadataOf(acting) });
    if (input.currentOrganizationId !== undefined) {
      const organizationId = input.currentOrganizationId?.toLowerCase() ?? null;
      if (organizationId !== null && (await this.memberships.roleOf(organizationId, userId)) === null) {
        throw new UserError('unprocessable', 'user.not_organization_member', 'currentOrganizationId must be an organization you are a member of.', {
          errors: [{ field: 'currentOrganizationId', message: 'is not one of your organizations' }],
        });
      }
      commands.push({ type: 'ChangeCurrentOrganization', data: { organizationId }, metadata: metadataOf(acting) });
    }
    const streamId = userStreamId(userId);
    let streamVersion = -1;
    for (const command of commands) streamVersion = (await handleCommand({ store: this.store, streamId, decider: userDecider, command })).streamVersion;
    if (streamVersion >= 0) await this.readYourWrites.waitFor({ streamId, streamVersion }, [USERS_PROJECTION]);
    return this.queries.execute(new GetMeQuery(userId));
  }
}

/** Each command of the request its own metadata (its own id, so its own event ids), the user acting. */
function metadataOf(acting: CommandContext): ActorMetadata {
  const metadata = actorMetadata(acting);
  return metadata;
}
