import type * as contracts from '@weft/contracts';
import type * as domain from '@weft/workflows-domain';
import { type EventData, type Same } from '@weft/testing';

// The workflows aggregates' events and their public contracts must stay mutually
// assignable; credential events are published without their encrypted blob. A drift
// is a compile error here (the type check runs in CI).
const inSync: {
  created: Same<EventData<domain.WorkflowEvent, 'WorkflowCreated'>, contracts.WorkflowCreatedData>;
  updated: Same<EventData<domain.WorkflowEvent, 'WorkflowUpdated'>, contracts.WorkflowUpdatedData>;
  published: Same<EventData<domain.WorkflowEvent, 'WorkflowPublished'>, contracts.WorkflowPublishedData>;
  activated: Same<EventData<domain.WorkflowEvent, 'WorkflowActivated'>, contracts.WorkflowActivatedData>;
  deactivated: Same<EventData<domain.WorkflowEvent, 'WorkflowDeactivated'>, contracts.WorkflowDeactivatedData>;
  archived: Same<EventData<domain.WorkflowEvent, 'WorkflowArchived'>, contracts.WorkflowArchivedData>;
  deleted: Same<EventData<domain.WorkflowEvent, 'WorkflowDeleted'>, contracts.WorkflowDeletedData>;
  credentialCreated: Same<Omit<EventData<domain.CredentialEvent, 'CredentialCreated'>, 'encrypted'>, contracts.CredentialCreatedData>;
  credentialDeleted: Same<EventData<domain.CredentialEvent, 'CredentialDeleted'>, contracts.CredentialDeletedData>;
} = {
  created: true,
  updated: true,
  published: true,
  activated: true,
  deactivated: true,
  archived: true,
  deleted: true,
  credentialCreated: true,
  credentialDeleted: true,
};

describe('workflows public events', () => {
  it('match their contracts field for field (checked by the compiler)', () => {
    expect(Object.values(inSync).every(Boolean)).toBe(true);
  });
});
