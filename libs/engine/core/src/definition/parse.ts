import { isPlainObject } from '../items.js';
import { type ValidationProblem, type WorkflowDefinition } from './types.js';

const ON_ERROR = new Set(['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput']);
const NUMERIC_SETTINGS = ['maxTries', 'waitBetweenTries', 'timeout'] as const;
const BOOLEAN_SETTINGS = ['retryOnFail', 'alwaysOutputData', 'executeOnce', 'disabled'] as const;

type Problems = ValidationProblem[];
const problem = (path: string, message: string, nodeId?: string, code = 'invalid_shape'): ValidationProblem =>
  nodeId === undefined ? { code, path, message } : { code, path, message, nodeId };

/** Checks the JSON shape of `workflow_data`; the graph rules are in `validateWorkflow`. */
export function checkShape(raw: unknown): Problems {
  if (!isPlainObject(raw)) return [problem('', 'workflow must be an object')];
  const problems: Problems = [];
  if (!Array.isArray(raw['nodes'])) problems.push(problem('nodes', 'nodes must be an array'));
  else raw['nodes'].forEach((node, index) => problems.push(...checkNode(node, `nodes[${index}]`)));
  if (!Array.isArray(raw['connections'])) problems.push(problem('connections', 'connections must be an array'));
  else raw['connections'].forEach((connection, index) => problems.push(...checkConnection(connection, `connections[${index}]`)));
  if (raw['settings'] !== undefined) problems.push(...checkWorkflowSettings(raw['settings']));
  return problems;
}

function checkNode(node: unknown, path: string): Problems {
  if (!isPlainObject(node)) return [problem(path, 'node must be an object')];
  const id = typeof node['id'] === 'string' ? node['id'] : undefined;
  const problems: Problems = [];
  if (!id) problems.push(problem(`${path}.id`, 'node id must be a non-empty string'));
  if (typeof node['type'] !== 'string' || node['type'] === '') problems.push(problem(`${path}.type`, 'node type must be a string', id));
  if (node['name'] !== undefined && typeof node['name'] !== 'string') problems.push(problem(`${path}.name`, 'name must be a string', id));
  const position = node['position'];
  if (position !== undefined && !(isPlainObject(position) && typeof position['x'] === 'number' && typeof position['y'] === 'number')) {
    problems.push(problem(`${path}.position`, 'position must be {x: number, y: number}', id));
  }
  if (node['properties'] !== undefined && !isPlainObject(node['properties'])) {
    problems.push(problem(`${path}.properties`, 'properties must be an object', id));
  }
  const credentials = node['credentials'];
  if (credentials !== undefined && !(isPlainObject(credentials) && typeof credentials['id'] === 'string')) {
    problems.push(problem(`${path}.credentials`, 'credentials must be {id: string}', id));
  }
  if (node['settings'] !== undefined) problems.push(...checkNodeSettings(node['settings'], `${path}.settings`, id));
  return problems;
}

function checkNodeSettings(settings: unknown, path: string, id: string | undefined): Problems {
  if (!isPlainObject(settings)) return [problem(path, 'settings must be an object', id)];
  const problems: Problems = [];
  for (const key of NUMERIC_SETTINGS) {
    const value = settings[key];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      problems.push(problem(`${path}.${key}`, `${key} must be a non-negative number`, id));
    }
  }
  for (const key of BOOLEAN_SETTINGS) {
    if (settings[key] !== undefined && typeof settings[key] !== 'boolean') problems.push(problem(`${path}.${key}`, `${key} must be a boolean`, id));
  }
  const onError = settings['onError'];
  if (onError !== undefined && !(typeof onError === 'string' && ON_ERROR.has(onError))) {
    problems.push(problem(`${path}.onError`, `onError must be one of ${[...ON_ERROR].join(', ')}`, id));
  }
  return problems;
}

function checkConnection(connection: unknown, path: string): Problems {
  if (!isPlainObject(connection)) return [problem(path, 'connection must be an object')];
  const problems: Problems = [];
  for (const key of ['source', 'target'] as const) {
    if (typeof connection[key] !== 'string') problems.push(problem(`${path}.${key}`, `${key} must be a node id`));
  }
  for (const key of ['sourceOutput', 'targetInput'] as const) {
    if (connection[key] !== undefined && typeof connection[key] !== 'string') problems.push(problem(`${path}.${key}`, `${key} must be a string`));
  }
  return problems;
}

function checkWorkflowSettings(settings: unknown): Problems {
  if (!isPlainObject(settings)) return [problem('settings', 'settings must be an object')];
  const problems: Problems = [];
  const errorHandling = settings['errorHandling'];
  if (errorHandling !== undefined && errorHandling !== 'stop' && errorHandling !== 'continue') {
    problems.push(problem('settings.errorHandling', 'errorHandling must be "stop" or "continue"'));
  }
  for (const key of ['maxRetries', 'timeout'] as const) {
    const value = settings[key];
    if (value !== undefined && value !== null && !(typeof value === 'number' && value >= 0)) {
      problems.push(problem(`settings.${key}`, `${key} must be a non-negative number`));
    }
  }
  return problems;
}

/** Narrows raw JSON to a definition once {@link checkShape} found nothing. */
export const asDefinition = (raw: unknown): WorkflowDefinition => raw as WorkflowDefinition;
