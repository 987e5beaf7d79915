/** Injection token: the other contexts' projection names workflow commands wait for (read-your-writes). */
export const WORKFLOW_READ_MODELS = Symbol('WorkflowReadModels');
