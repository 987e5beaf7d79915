import { UserError } from '@weft/kernel';
import { type WorkflowNode } from './workflow-definition.js';

// Whose authority a version runs with over credentials: the principal who last changed
// what runs (saved the version, published it or activated it). So that nobody can
// borrow a credential they may not use by editing a workflow somebody else built, that
// principal must be allowed to use every credential the version names when they save,
// publish or activate it (docs/credentials.md, "Whose authority a run has").

/** A credential a node of the version names. */
export interface CredentialReference {
  readonly nodeId: string;
  readonly nodeName: string;
  readonly credentialId: string;
}

/**
 * What the feature found out about one reference, for the command's actor: whether they
 * may use it (`mayUseCredential` with the actor as the authority) and its name for the
 * refusal. A credential that does not exist in the organization is `usable` here (there
 * is nothing to borrow, and the answer must not tell which ids exist elsewhere): the run
 * fails on it when it starts.
 */
export interface CredentialUseFact {
  readonly nodeId: string;
  readonly credentialId: string;
  readonly credentialName: string;
  readonly usable: boolean;
}

/** Every credential the nodes name, credential ids lower-cased (as they are stored). */
export function credentialReferencesOf(nodes: readonly WorkflowNode[]): CredentialReference[] {
  return nodes.flatMap((node) => {
    const id = node.credentials?.id;
    return typeof id === 'string' && id !== '' ? [{ nodeId: node.id, nodeName: node.name ?? node.id, credentialId: id.toLowerCase() }] : [];
  });
}

/**
 * `forbidden` (403, `workflow.credential_not_usable`) naming the first node whose
 * credential the actor may not use. A reference without a fact counts as not usable: a
 * caller that forgot to look is refused, never waved through.
 */
export function requireUsableCredentials(nodes: readonly WorkflowNode[], facts: readonly CredentialUseFact[]): void {
  const usable = new Map(facts.map((fact) => [`${fact.nodeId}\u0000${fact.credentialId.toLowerCase()}`, fact]));
  for (const reference of credentialReferencesOf(nodes)) {
    const fact = usable.get(`${reference.nodeId}\u0000${reference.credentialId}`);
    if (fact?.usable === true) continue;
    throw credentialNotUsable(reference, fact?.credentialName);
  }
}

/** The same refusal from the facts alone: activation runs a version the caller loaded (the published one), not the state's. */
export function requireUsableFacts(facts: readonly CredentialUseFact[]): void {
  const unusable = facts.find((fact) => !fact.usable);
  if (unusable !== undefined)
    throw credentialNotUsable(
      { nodeId: unusable.nodeId, nodeName: unusable.nodeId, credentialId: unusable.credentialId.toLowerCase() },
      unusable.credentialName,
    );
}

function credentialNotUsable(reference: CredentialReference, credentialName: string | undefined): UserError {
  const credential = credentialName === undefined ? reference.credentialId : `"${credentialName}" (${reference.credentialId})`;
  const message = `uses the credential ${credential}, which is not shared and belongs to another user`;
  return new UserError(
    'forbidden',
    'workflow.credential_not_usable',
    `Node "${reference.nodeName}" ${message}: a version you save, publish or activate runs with your authority. Ask the credential's owner to share it, or choose a credential of your own.`,
    { node: reference.nodeId, credentialId: reference.credentialId, errors: [{ field: `nodes.${reference.nodeId}.credentials`, message }] },
  );
}
