import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PlanLimits, UserError, assertWithinPlanLimit } from '@weft/kernel';
import { type OrganizationAccess, PLAN_LIMITS } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { type CredentialFilter, type CredentialView, countCredentials, findCredential, listCredentials } from '@weft/read-model-workflows';
import { type ExistingCredential } from '@weft/workflows-domain';
import { assertValidCredentialData } from '../credential-types.js';
import { CredentialCipher } from '../envelope-cipher.js';
import { CredentialStreams, credentialMetadata } from './credential-store.js';
import { type CreateCredentialDto, type UpdateCredentialDto } from './credentials.dto.js';

const notFound = () => new UserError('not_found', 'credential.not_found', 'No such credential.');

/**
 * Credentials over HTTP. `data` is checked against its type's schema and encrypted here,
 * in memory, before any command: the events, the read model and every answer hold
 * metadata only.
 */
@Injectable()
export class Credentials {
  constructor(
    private readonly streams: CredentialStreams,
    private readonly cipher: CredentialCipher,
    @Inject(Database) private readonly db: Database,
    @Inject(PLAN_LIMITS) private readonly planLimits: PlanLimits,
  ) {}

  async create(body: CreateCredentialDto, access: OrganizationAccess, requestId: string): Promise<CredentialView> {
    const { organizationId, actorId } = access;
    assertValidCredentialData(body.type, body.data);
    const max = await this.planLimits.limitOf(organizationId, 'maxCredentials');
    if (max !== null) assertWithinPlanLimit('maxCredentials', await withTenant(this.db, organizationId, (tx) => countCredentials(tx, organizationId)), max);
    const credentialId = randomUUID();
    const encrypted = await this.cipher.encrypt(organizationId, credentialId, body.data);
    await this.streams.run(credentialId, {
      type: 'CreateCredential',
      data: {
        actorRole: access.role,
        credentialId,
        name: body.name,
        type: body.type,
        encrypted,
        isShared: body.isShared ?? false,
        expiresAt: body.expiresAt === undefined ? null : new Date(body.expiresAt),
        ownerId: actorId,
      },
      metadata: credentialMetadata(organizationId, actorId, requestId),
    });
    return this.require(organizationId, credentialId);
  }

  async update(credentialId: string, body: UpdateCredentialDto, access: OrganizationAccess, requestId: string): Promise<CredentialView> {
    const current = await this.existing(access.organizationId, credentialId);
    let encrypted;
    if (body.data !== undefined) {
      assertValidCredentialData(current.type, body.data);
      encrypted = await this.cipher.encrypt(access.organizationId, current.credentialId, body.data);
    }
    await this.streams.run(current.credentialId, {
      type: 'UpdateCredential',
      data: { actorRole: access.role, ...(body.name === undefined ? {} : { name: body.name }), ...(encrypted === undefined ? {} : { encrypted }) },
      metadata: credentialMetadata(access.organizationId, access.actorId, requestId),
    });
    return this.require(access.organizationId, current.credentialId);
  }

  async delete(credentialId: string, access: OrganizationAccess, requestId: string): Promise<void> {
    const current = await this.existing(access.organizationId, credentialId);
    await this.streams.run(current.credentialId, { type: 'DeleteCredential', data: { actorRole: access.role }, metadata: credentialMetadata(access.organizationId, access.actorId, requestId) });
  }

  list(organizationId: string, filter: CredentialFilter, limit: number, cursor?: string): Promise<Page<CredentialView>> {
    return withTenant(this.db, organizationId, (tx) => listCredentials(tx, organizationId, filter, limit, cursor));
  }

  async require(organizationId: string, credentialId: string): Promise<CredentialView> {
    const credential = await withTenant(this.db, organizationId, (tx) => findCredential(tx, organizationId, credentialId.toLowerCase()));
    if (credential === undefined) throw notFound();
    return credential;
  }

  /** The stream's state (the type, for validating new data), after the read model said the credential is visible here. */
  private async existing(organizationId: string, credentialId: string): Promise<ExistingCredential> {
    const visible = await this.require(organizationId, credentialId);
    const state = await this.streams.state(visible.id);
    if (state.status !== 'active' || state.organizationId !== organizationId) throw notFound();
    return state;
  }
}
