import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type UserCommand, userDecider } from '@weft/identity-domain';
import { type EventStreamStore, UserError, handleCommand } from '@weft/kernel';
import { EVENT_STORE, MEMBERSHIPS, type MembershipDirectory, ReadYourWrites } from '@weft/nest';
import { USERS_PROJECTION } from '@weft/read-model-users';
import { userStreamId } from '../streams/identity-streams.js';

export interface UpdateMeInput {
  readonly name?: string;
  readonly currentOrganizationId?: string | null;
}

/**
 * `PATCH /api/v1/me`: the display name and the current organization (a preference the
 * clients open on). The organization must be one the user belongs to, asked of tenancy
 * through the access guard's membership port, so identity reads no tenancy table.
 */
@Injectable()
export class UpdateMeHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly readYourWrites: ReadYourWrites,
    private readonly moduleRef: ModuleRef,
  ) {}

  async execute(userId: string, input: UpdateMeInput, requestId: string): Promise<void> {
    const commands: UserCommand[] = [];
    const metadata = () => ({ commandId: randomUUID(), now: new Date(), actorId: userId, correlationId: requestId });
    if (input.name !== undefined) commands.push({ type: 'UpdateProfile', data: { name: input.name }, metadata: metadata() });
    if (input.currentOrganizationId !== undefined) {
      const organizationId = input.currentOrganizationId?.toLowerCase() ?? null;
      if (organizationId !== null && (await this.memberships().roleOf(organizationId, userId)) === null) {
        throw new UserError('unprocessable', 'user.not_organization_member', 'currentOrganizationId must be an organization you are a member of.', {
          errors: [{ field: 'currentOrganizationId', message: 'is not one of your organizations' }],
        });
      }
      commands.push({ type: 'ChangeCurrentOrganization', data: { organizationId }, metadata: metadata() });
    }
    const streamId = userStreamId(userId);
    let streamVersion = -1;
    for (const command of commands) streamVersion = (await handleCommand({ store: this.store, streamId, decider: userDecider, command })).streamVersion;
    if (streamVersion >= 0) await this.readYourWrites.waitFor({ streamId, streamVersion }, [USERS_PROJECTION]);
  }

  private memberships(): MembershipDirectory {
    return this.moduleRef.get<MembershipDirectory>(MEMBERSHIPS, { strict: false });
  }
}
