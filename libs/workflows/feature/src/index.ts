export { WorkflowsModule, type WorkflowsModuleOptions } from './workflows/workflows.module.js';
export * from './credentials/index.js';
