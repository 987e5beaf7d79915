import { tenantMetadata } from '@weft/kernel';
import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { countMembers } from '@weft/read-model-tenancy';
import { issueInvitationToken } from '../invitations/invitation-token.js';
import { PlanRoom } from '../limits/plan-room.js';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { type TenancyConfig } from '../tenancy-config.js';
import { TENANCY_CONFIG } from '../tenancy.tokens.js';
import { type IssuedInvitation, InviteMemberCommand } from './invite-member.command.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Refused with 402 when the plan has no room for another member. Issues the token and records only its hash (`MemberInvited`); the raw token is in this
 * answer alone. The expiry is counted from the command's own `now`, the time the
 * aggregate sees.
 */
@CommandHandler(InviteMemberCommand)
export class InviteMemberHandler implements ICommandHandler<InviteMemberCommand> {
  constructor(
    private readonly streams: TenancyStreams,
    @Inject(TENANCY_CONFIG) private readonly config: TenancyConfig,
    private readonly room: PlanRoom,
  ) {}

  async execute({ context, input }: InviteMemberCommand): Promise<IssuedInvitation> {
    // Checked again when the invitation is accepted: members may have joined in between.
    await this.room.requireOneMore(context.organizationId, 'maxMembers', countMembers);
    const invitationId = randomUUID();
    const { token, tokenHash } = issueInvitationToken(context.organizationId, invitationId);
    const metadata = tenantMetadata(context);
    const expiresAt = new Date(metadata.now.getTime() + (input.expiresInDays ?? this.config.invitationTtlDays) * DAY_MS);
    await this.streams.organization({ type: 'InviteMember', data: { invitationId, email: input.email, role: input.role, tokenHash, expiresAt }, metadata });
    return { id: invitationId, token, email: input.email.trim().toLowerCase(), role: input.role, expiresAt: expiresAt.toISOString() };
  }
}
