export { WORKFLOWS_PROJECTION, workflowsProjection } from './workflows-projection.js';
export * from './workflows-queries.js';
