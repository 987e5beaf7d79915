export { nodeTypes, createNodeRegistry } from './catalogue.js';
export { CodeSandboxPool, DEFAULT_SANDBOX_LIMITS, type CodeSandbox, type CodeTask, type CodeOutcome, type SandboxLimits } from './code/sandbox-pool.js';
export { EgressAllowList, isBlockedAddress } from './http/addresses.js';
export { EgressBlockedError, type Resolver } from './http/guard.js';
export { CONDITION_OPS } from './core/conditions.js';
export { importN8nWorkflow, type ImportResult } from './n8n/import.js';
export { type N8nWorkflow, type N8nNode, type ImportProblem } from './n8n/model.js';
export { authenticateWebhook } from './core/webhook-auth.js';
export { webhookAuthFailure, webhookResponse } from './core/webhook-response.js';
