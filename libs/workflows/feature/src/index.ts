export { WorkflowsModule } from './workflows.module.js';
export * from './credentials/index.js';
