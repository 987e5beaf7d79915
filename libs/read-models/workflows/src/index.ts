export { WORKFLOWS_PROJECTION, workflowsProjection } from './workflows-projection.js';
export * from './workflows-queries.js';
export { CREDENTIALS_PROJECTION, credentialsProjection } from './credentials-projection.js';
export * from './credentials-queries.js';
export { WorkflowEntity, WorkflowVersionEntity, CredentialEntity, workflowsEntities } from './workflows-entities.js';
