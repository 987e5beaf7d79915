import type * as contracts from '@weft/contracts';
import type * as domain from '@weft/workflows-domain';

// The workflows aggregates' events and their public contracts must stay mutually
// assignable; credential events are published without their encrypted blob. A drift
// is a compile error here (the type check runs in CI).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Data<E extends { type: string; data: unknown }, T extends string> = Extract<E, { type: T }>['data'];
const inSync: {
  created: Same<Data<domain.WorkflowEvent, 'WorkflowCreated'>, contracts.WorkflowCreatedData>;
  updated: Same<Data<domain.WorkflowEvent, 'WorkflowUpdated'>, contracts.WorkflowUpdatedData>;
  published: Same<Data<domain.WorkflowEvent, 'WorkflowPublished'>, contracts.WorkflowPublishedData>;
  activated: Same<Data<domain.WorkflowEvent, 'WorkflowActivated'>, contracts.WorkflowActivatedData>;
  deactivated: Same<Data<domain.WorkflowEvent, 'WorkflowDeactivated'>, contracts.WorkflowDeactivatedData>;
  archived: Same<Data<domain.WorkflowEvent, 'WorkflowArchived'>, contracts.WorkflowArchivedData>;
  deleted: Same<Data<domain.WorkflowEvent, 'WorkflowDeleted'>, contracts.WorkflowDeletedData>;
  credentialCreated: Same<Omit<Data<domain.CredentialEvent, 'CredentialCreated'>, 'encrypted'>, contracts.CredentialCreatedData>;
  credentialDeleted: Same<Data<domain.CredentialEvent, 'CredentialDeleted'>, contracts.CredentialDeletedData>;
} = { created: true, updated: true, published: true, activated: true, deactivated: true, archived: true, deleted: true, credentialCreated: true, credentialDeleted: true };

describe('workflows public events', () => {
  it('match their contracts field for field (checked by the compiler)', () => {
    expect(Object.values(inSync).every(Boolean)).toBe(true);
  });
});
