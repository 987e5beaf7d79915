import { type ExecutionNodeCompletedData, type ExecutionNodeFailedData, type PublicWorkflowsEvent } from '@weft/contracts';
import { type RecordedEvent, contextOfStream } from '@weft/kernel';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';
import { isExecutionEvent, isWorkflowsEvent } from './contract-events.js';
import { credentialsTables } from './credentials-tables.js';

/** The projection's name: its checkpoint row, and what read-your-writes waits for. */
export const CREDENTIALS_PROJECTION = 'credentials';

/** A node run that used credentials (its run had resolved them): what `usage_count` counts. */
function usedCredentials(event: RecordedEvent): ExecutionNodeCompletedData | ExecutionNodeFailedData | undefined {
  if (!isExecutionEvent(event) || (event.type !== 'ExecutionNodeCompleted' && event.type !== 'ExecutionNodeFailed')) return undefined;
  return event.data.credentialIds.length > 0 ? event.data : undefined;
}

/**
 * `credentials` (metadata, never secrets: the published events have no `encrypted`, and
 * the stored form's is never read) from the Credential aggregate's events, and their use
 * from the execution context's (subscribe it to both).
 */
export const credentialsProjection: ProjectionDefinition = {
  name: CREDENTIALS_PROJECTION,
  tables: credentialsTables,
  accepts: (event) => contextOfStream(event.streamId) !== 'execution' || usedCredentials(event) !== undefined,
  tracksStream: (streamId) => contextOfStream(streamId) !== 'execution',
  async apply(event, tx) {
    const use = usedCredentials(event);
    if (use !== undefined) await countUse(tx, use);
    else if (isWorkflowsEvent(event)) await applyCredentialEvent(event, tx);
  },
};

/** `usage_count` / `last_used_at`: every node run names the credentials its run had resolved. */
async function countUse(tx: ProjectionTransaction, d: ExecutionNodeCompletedData | ExecutionNodeFailedData): Promise<void> {
  await tx.query(
    `update ${tx.table('credentials')} set usage_count = usage_count + 1, last_used_at = greatest(last_used_at, $3::timestamptz) where id = any($1::uuid[]) and organization_id = $2`,
    [d.credentialIds, d.organizationId, d.startedAt],
  );
}

async function applyCredentialEvent(event: PublicWorkflowsEvent, tx: ProjectionTransaction): Promise<void> {
  const credentials = tx.table('credentials');
  switch (event.type) {
    case 'CredentialCreated': {
      const d = event.data;
      await tx.query(
        `insert into ${credentials} (id, organization_id, name, type, is_shared, owner_id, expires_at, created_by, updated_by, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $9) on conflict do nothing`,
        [d.credentialId, d.organizationId, d.name, d.type, d.isShared, d.ownerId, d.expiresAt, d.createdBy, d.createdAt],
      );
      return;
    }
    case 'CredentialUpdated': {
      const d = event.data;
      await tx.query(
        `update ${credentials} set name = coalesce($3, name), updated_by = $4, updated_at = greatest(updated_at, $5) where id = $1 and organization_id = $2`,
        [d.credentialId, d.organizationId, d.name ?? null, d.updatedBy, d.updatedAt],
      );
      return;
    }
    case 'CredentialReencrypted':
      await tx.query(`update ${credentials} set updated_at = greatest(updated_at, $3) where id = $1 and organization_id = $2`, [
        event.data.credentialId,
        event.data.organizationId,
        event.data.reencryptedAt,
      ]);
      return;
    case 'CredentialDeleted': {
      const d = event.data;
      await tx.query(
        `update ${credentials} set deleted_at = $3, updated_by = $4, updated_at = greatest(updated_at, $3) where id = $1 and organization_id = $2`,
        [d.credentialId, d.organizationId, d.deletedAt, d.deletedBy],
      );
      return;
    }
    default:
      // The Workflow aggregate's events: the workflows projection's.
      return;
  }
}
