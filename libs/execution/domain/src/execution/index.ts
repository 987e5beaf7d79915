export * from './execution-events.js';
export * from './execution-commands.js';
export * from './execution-state.js';
export { EXECUTION_ERROR_TEXT_MAX_LENGTH, EXECUTION_INLINE_PAYLOAD_MAX_LENGTH, recordedActorOf } from './execution-rules.js';
export { decideExecution, executionDecider } from './execution-decider.js';
export { executionUpcasters } from './execution-upcasters.js';
