import { type RecordedEvent, contextOfStream } from '@weft/kernel';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';
import { credentialsTables } from './credentials-tables.js';

/** The projection's name: its checkpoint row, and what read-your-writes waits for. */
export const CREDENTIALS_PROJECTION = 'credentials';

// The fields of the Credential aggregate's public events this projection reads: metadata
// only (the published form has no `encrypted`, and the stored form's is never read).
interface Ids {
  readonly credentialId: string;
  readonly organizationId: string;
}
type Created = Ids & { name: string; type: string; isShared: boolean; expiresAt: string | null; ownerId: string; createdBy: string; createdAt: string };
type Updated = Ids & { name?: string; updatedBy: string; updatedAt: string };
type Reencrypted = Ids & { reencryptedAt: string };
type Deleted = Ids & { deletedBy: string; deletedAt: string };

/** `credentials` (metadata, never secrets) from the Credential aggregate's events, and their use from the execution context's (subscribe it to both). */
export const credentialsProjection: ProjectionDefinition = {
  name: CREDENTIALS_PROJECTION,
  tables: credentialsTables,
  accepts: (event) =>
    contextOfStream(event.streamId) !== 'execution' ||
    ((event.type === 'ExecutionNodeCompleted' || event.type === 'ExecutionNodeFailed') && ((event.data as { credentialIds?: readonly string[] }).credentialIds?.length ?? 0) > 0),
  tracksStream: (streamId) => contextOfStream(streamId) !== 'execution',
  async apply(event, tx) {
    const context = contextOfStream(event.streamId);
    if (context === 'execution') {
      if (event.type === 'ExecutionNodeCompleted' || event.type === 'ExecutionNodeFailed') await countUse(event, tx);
      return;
    }
    if (context !== 'workflows') return;
    const handler = handlers[event.type];
    if (handler) await handler(event, tx);
  },
};

/** `usage_count` / `last_used_at`: every node run names the credentials its run had resolved (the execution context's events). */
async function countUse(event: RecordedEvent, tx: ProjectionTransaction): Promise<void> {
  const d = event.data as { organizationId: string; credentialIds?: readonly string[]; startedAt: string };
  if (!d.credentialIds || d.credentialIds.length === 0) return;
  await tx.query(
    `update ${tx.table('credentials')} set usage_count = usage_count + 1, last_used_at = greatest(last_used_at, $3::timestamptz) where id = any($1::uuid[]) and organization_id = $2`,
    [d.credentialIds, d.organizationId, d.startedAt],
  );
}

const handlers: Record<string, (event: RecordedEvent, tx: ProjectionTransaction) => Promise<void>> = {
  async CredentialCreated(event, tx) {
    const d = event.data as Created;
    await tx.query(
      `insert into ${tx.table('credentials')} (id, organization_id, name, type, is_shared, owner_id, expires_at, created_by, updated_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $9) on conflict do nothing`,
      [d.credentialId, d.organizationId, d.name, d.type, d.isShared, d.ownerId, d.expiresAt, d.createdBy, d.createdAt],
    );
  },
  async CredentialUpdated(event, tx) {
    const d = event.data as Updated;
    await tx.query(
      `update ${tx.table('credentials')} set name = coalesce($3, name), updated_by = $4, updated_at = greatest(updated_at, $5) where id = $1 and organization_id = $2`,
      [d.credentialId, d.organizationId, d.name ?? null, d.updatedBy, d.updatedAt],
    );
  },
  async CredentialReencrypted(event, tx) {
    const d = event.data as Reencrypted;
    await tx.query(`update ${tx.table('credentials')} set updated_at = greatest(updated_at, $3) where id = $1 and organization_id = $2`, [d.credentialId, d.organizationId, d.reencryptedAt]);
  },
  async CredentialDeleted(event, tx) {
    const d = event.data as Deleted;
    await tx.query(`update ${tx.table('credentials')} set deleted_at = $3, updated_by = $4, updated_at = greatest(updated_at, $3) where id = $1 and organization_id = $2`, [
      d.credentialId,
      d.organizationId,
      d.deletedAt,
      d.deletedBy,
    ]);
  },
};
