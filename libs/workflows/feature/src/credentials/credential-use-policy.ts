import { Injectable } from '@nestjs/common';
import { isUuid } from '@weft/kernel';
import { type CredentialState, type CredentialUseFact, type WorkflowNode, credentialReferencesOf, mayUseCredential } from '@weft/workflows-domain';
import { CredentialStreams } from './credential-streams.js';

/**
 * Answers, for a principal about to become the authority of a version (by saving,
 * publishing or activating it), whether they may use each credential it names: the
 * facts the Workflow decider refuses on. Reads the Credential streams, the source of
 * truth for sharing and ownership (the read model may lag a just-made change).
 */
@Injectable()
export class CredentialUsePolicy {
  constructor(private readonly streams: CredentialStreams) {}

  async factsFor(organizationId: string, authorityId: string, nodes: readonly WorkflowNode[]): Promise<CredentialUseFact[]> {
    const references = credentialReferencesOf(nodes);
    if (references.length === 0) return [];
    const ids = [...new Set(references.map((reference) => reference.credentialId))];
    const states = new Map(await Promise.all(ids.map(async (id) => [id, await this.stateOf(id)] as const)));
    return references.map(({ nodeId, credentialId }) => {
      const state = states.get(credentialId) ?? { status: 'none' };
      // Missing here (never created, deleted, another organization's): nothing to borrow; the run fails on it.
      if (state.status !== 'active' || state.organizationId !== organizationId) return { nodeId, credentialId, credentialName: credentialId, usable: true };
      return { nodeId, credentialId, credentialName: state.name, usable: mayUseCredential(state, { organizationId, authorityId }) };
    });
  }

  private async stateOf(credentialId: string): Promise<CredentialState> {
    return isUuid(credentialId) ? this.streams.state(credentialId) : { status: 'none' };
  }
}
