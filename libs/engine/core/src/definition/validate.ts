import { MAX_PROPERTY_DEPTH } from '../data-depth.js';
import { checkTemplate } from '../expressions/evaluate.js';
import { type JsonValue } from '../items.js';
import { inputsOf, outputsOf, type NodeRegistry } from '../node-type.js';
import { asDefinition, checkShape } from './parse.js';
import { findUnbrokenCycles } from './cycles.js';
import { DEFAULT_PORT, type NodeDefinition, type ValidationProblem, type WorkflowDefinition } from './types.js';

export type ValidationResult =
  | { readonly ok: true; readonly workflow: WorkflowDefinition; readonly problems: readonly [] }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

/**
 * Parses and validates `workflow_data`, returning every problem found (one per problem,
 * with node id and field path) rather than stopping at the first.
 */
export function validateWorkflow(raw: unknown, registry: NodeRegistry): ValidationResult {
  const shapeProblems = checkShape(raw);
  if (shapeProblems.length > 0) return { ok: false, problems: shapeProblems };
  const workflow = asDefinition(raw);
  const problems = [
    ...checkNodes(workflow, registry),
    ...checkConnections(workflow, registry),
    ...checkWebhooks(workflow, registry),
    ...findUnbrokenCycles(workflow, registry),
  ];
  return problems.length === 0 ? { ok: true, workflow, problems: [] } : { ok: false, problems };
}

function checkNodes(workflow: WorkflowDefinition, registry: NodeRegistry): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Set<string>();
  workflow.nodes.forEach((node, index) => {
    const path = `nodes[${index}]`;
    if (seen.has(node.id)) problems.push({ code: 'duplicate_node_id', nodeId: node.id, path: `${path}.id`, message: `duplicate node id "${node.id}"` });
    seen.add(node.id);
    const type = registry.get(node.type);
    if (!type) {
      problems.push({ code: 'unknown_node_type', nodeId: node.id, path: `${path}.type`, message: `unknown node type "${node.type}"` });
      return;
    }
    const properties = node.properties ?? {};
    for (const name of type.required ?? []) {
      if (properties[name] === undefined || properties[name] === null || properties[name] === '') {
        problems.push({ code: 'missing_property', nodeId: node.id, path: `${path}.properties.${name}`, message: `required property "${name}" is missing` });
      }
    }
    for (const [field, message] of type.validate?.(properties) ?? []) {
      problems.push({ code: 'invalid_property', nodeId: node.id, path: `${path}.properties.${field}`, message });
    }
    problems.push(...checkExpressions(properties, `${path}.properties`, node));
  });
  return problems;
}

function checkExpressions(value: JsonValue, path: string, node: NodeDefinition, depth = 1): ValidationProblem[] {
  if (typeof value === 'string') {
    const error = checkTemplate(value);
    return error ? [{ code: 'invalid_expression', nodeId: node.id, path, message: error.message }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  if (depth > MAX_PROPERTY_DEPTH)
    return [{ code: 'property_too_deep', nodeId: node.id, path, message: `properties may nest arrays and objects at most ${MAX_PROPERTY_DEPTH} levels deep` }];
  if (Array.isArray(value)) return value.flatMap((entry, index) => checkExpressions(entry, `${path}[${index}]`, node, depth + 1));
  // Code is JavaScript for the sandbox, not an expression template.
  return Object.entries(value).flatMap(([key, entry]) => (key === 'code' ? [] : checkExpressions(entry, `${path}.${key}`, node, depth + 1)));
}

function checkConnections(workflow: WorkflowDefinition, registry: NodeRegistry): ValidationProblem[] {
  const nodes = new Map(workflow.nodes.map((node) => [node.id, node]));
  const problems: ValidationProblem[] = [];
  workflow.connections.forEach((connection, index) => {
    const path = `connections[${index}]`;
    const source = nodes.get(connection.source);
    const target = nodes.get(connection.target);
    if (!source) problems.push({ code: 'missing_node', path: `${path}.source`, message: `connection from missing node "${connection.source}"` });
    if (!target) problems.push({ code: 'missing_node', path: `${path}.target`, message: `connection to missing node "${connection.target}"` });
    const sourceType = source && registry.get(source.type);
    const targetType = target && registry.get(target.type);
    const output = connection.sourceOutput ?? DEFAULT_PORT;
    if (source && sourceType && !outputsOf(sourceType, source).includes(output)) {
      problems.push({ code: 'missing_port', nodeId: source.id, path: `${path}.sourceOutput`, message: `node "${source.id}" has no output "${output}"` });
    }
    if (target && targetType?.trigger) {
      problems.push({
        code: 'trigger_with_input',
        nodeId: target.id,
        path: `${path}.target`,
        message: `trigger "${target.id}" cannot have an incoming connection`,
      });
    } else if (target && targetType) {
      const input = connection.targetInput ?? inputsOf(targetType)[0] ?? DEFAULT_PORT;
      if (!inputsOf(targetType).includes(input)) {
        problems.push({ code: 'missing_port', nodeId: target.id, path: `${path}.targetInput`, message: `node "${target.id}" has no input "${input}"` });
      }
    }
  });
  return problems;
}

function checkWebhooks(workflow: WorkflowDefinition, registry: NodeRegistry): ValidationProblem[] {
  const seen = new Map<string, string>();
  const problems: ValidationProblem[] = [];
  workflow.nodes.forEach((node, index) => {
    const hook = registry.get(node.type)?.webhook?.(node.properties ?? {});
    if (!hook) return;
    const key = `${hook.method.toUpperCase()} ${hook.path.replace(/^\/+|\/+$/g, '')}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        code: 'duplicate_webhook',
        nodeId: node.id,
        path: `nodes[${index}].properties.path`,
        message: `webhook ${key} is already used by node "${first}"`,
      });
    } else seen.set(key, node.id);
  });
  return problems;
}
