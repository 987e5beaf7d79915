export { WORKFLOWS_PROJECTION, workflowsProjection } from './workflows-projection.js';
export * from './workflows-queries.js';
export { CREDENTIALS_PROJECTION, credentialsProjection } from './credentials-projection.js';
export * from './credentials-queries.js';
export type { WorkflowEntity, WorkflowVersionEntity, CredentialEntity } from './workflows-entities.js';

/** The read model's MikroORM entities, loaded (with MikroORM) on first use rather than when the library is imported. */
export const loadWorkflowsEntities = async () => (await import('./workflows-entities.js')).workflowsEntities;
