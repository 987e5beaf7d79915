import { Injectable } from '@nestjs/common';
import { type JsonValue } from '@weft/engine-core';
import { SYSTEM_ACTOR, UserError, isUuid, tenantMetadata } from '@weft/kernel';
import { type CredentialUseContext, type RunCredentials, type RunCredentialsProvider } from '@weft/ports';
import { type ExistingCredential, decideCredential, mayUseCredential } from '@weft/workflows-domain';
import { CredentialStreams } from './credential-streams.js';
import { CredentialCipher } from './encryption/envelope-cipher.js';

/**
 * Where plaintext comes into being: a worker about to run a node asks for a
 * credential by id; the vault checks that it exists in the run's organization, may be
 * used with the run's authority (`mayUseCredential`) and has not expired (the decider's
 * RecordCredentialUse), then decrypts it in memory. Errors name the credential, never
 * its data.
 */
@Injectable()
export class CredentialVault implements RunCredentialsProvider {
  constructor(
    private readonly streams: CredentialStreams,
    private readonly cipher: CredentialCipher,
  ) {}

  forRun(context: CredentialUseContext): RunCredentials {
    const used = new Set<string>();
    return {
      used,
      resolve: async (credentialId) => {
        const data = await this.resolve(credentialId, context);
        used.add(credentialId.toLowerCase());
        return data;
      },
      verify: async (credentialIds) => {
        for (const id of new Set(credentialIds.map((credentialId) => credentialId.toLowerCase()))) await this.usable(id, context);
      },
    };
  }

  async resolve(credentialId: string, context: CredentialUseContext): Promise<Record<string, JsonValue>> {
    const state = await this.usable(credentialId.toLowerCase(), context);
    return (await this.cipher.decrypt(state.organizationId, state.credentialId, state.encrypted)) as Record<string, JsonValue>;
  }

  private async usable(credentialId: string, context: CredentialUseContext): Promise<ExistingCredential> {
    const state = isUuid(credentialId) ? await this.streams.state(credentialId) : ({ status: 'none' } as const);
    if (state.status !== 'active' || state.organizationId !== context.organizationId) {
      throw new UserError(
        'unprocessable',
        'credential.not_found',
        `Credential ${credentialId} does not exist in this organization (deleted, or never created).`,
      );
    }
    if (!mayUseCredential(state, context)) {
      throw new UserError(
        'forbidden',
        'credential.not_usable',
        `Credential "${state.name}" is not shared and belongs to another user; this run has the authority of whoever last saved, published or activated the workflow, who may not use it. Share the credential, or have its owner save the workflow.`,
      );
    }
    // The decider's verdict on the use (expired?) without an event: uses are counted in the
    // read model from the run's events. The platform asks, on behalf of the run.
    const now = context.now();
    decideCredential(
      { type: 'RecordCredentialUse', data: { at: now }, metadata: tenantMetadata({ actor: SYSTEM_ACTOR, organizationId: context.organizationId }, now) },
      state,
    );
    return state;
  }
}
