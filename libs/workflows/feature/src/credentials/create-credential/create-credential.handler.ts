import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type PlanLimits, assertWithinPlanLimit, tenantMetadata, tenantContextOf } from '@weft/kernel';
import { PLAN_LIMITS } from '@weft/ports';
import { type CredentialView, countCredentials } from '@weft/read-model-workflows';
import { CredentialStreams } from '../credential-streams.js';
import { CredentialViews } from '../credential-views.js';
import { assertValidCredentialData } from '../encryption/credential-types.js';
import { CredentialCipher } from '../encryption/envelope-cipher.js';
import { CreateCredentialCommand } from './create-credential.command.js';

/**
 * `data` is checked against its type's schema (422) and encrypted here, in memory, before
 * any command: the events, the read model and every answer hold metadata only. The
 * plan's `maxCredentials` is a soft quota (402): counting and creating are not one
 * transaction.
 */
@CommandHandler(CreateCredentialCommand)
export class CreateCredentialHandler implements ICommandHandler<CreateCredentialCommand> {
  constructor(
    private readonly streams: CredentialStreams,
    private readonly views: CredentialViews,
    private readonly cipher: CredentialCipher,
    @Inject(PLAN_LIMITS) private readonly planLimits: PlanLimits,
  ) {}

  async execute({ input, actorRole, context }: CreateCredentialCommand): Promise<CredentialView> {
    const {
      organizationId,
      actor: { id: actorId },
    } = tenantContextOf(context);
    assertValidCredentialData(input.type, input.data);
    const max = await this.planLimits.limitOf(organizationId, 'maxCredentials');
    if (max !== null) assertWithinPlanLimit('maxCredentials', await this.views.read(organizationId, countCredentials), max);
    const credentialId = randomUUID();
    const encrypted = await this.cipher.encrypt(organizationId, credentialId, input.data);
    await this.streams.run(credentialId, {
      type: 'CreateCredential',
      data: {
        actorRole,
        credentialId,
        name: input.name,
        type: input.type,
        encrypted,
        isShared: input.isShared ?? false,
        expiresAt: input.expiresAt === undefined ? null : new Date(input.expiresAt),
        ownerId: actorId,
      },
      metadata: tenantMetadata(context),
    });
    return this.views.require(organizationId, credentialId);
  }
}
