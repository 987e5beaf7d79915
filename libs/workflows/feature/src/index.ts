export { WorkflowsModule, type WorkflowsModuleOptions } from './workflows.module.js';
export * from './credentials/index.js';
