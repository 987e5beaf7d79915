import { type ConnectionDefinition, type JsonValue, type NodeDefinition, type NodeSettings, type WorkflowDefinition } from '@weft/engine-core';
import { httpRequestMapper } from './http-node-mapper.js';
import { coreNodeMappers } from './core-node-mappers.js';
import { flowNodeMappers } from './flow-node-mappers.js';
import { itemNodeMappers } from './item-node-mappers.js';
import { type Mapper } from './mapper.js';
import { type ImportProblem, type MappedNode, type N8nNode, type N8nWorkflow } from './model.js';
import { ParamReader } from './params.js';

const MAPPERS: Record<string, Mapper> = { ...coreNodeMappers, ...itemNodeMappers, ...flowNodeMappers, 'n8n-nodes-base.httpRequest': httpRequestMapper };
const IGNORED = new Set(['n8n-nodes-base.stickyNote']);

export interface ImportResult {
  readonly workflow: WorkflowDefinition;
  /** Everything that could not be carried over exactly; empty when the import is faithful. */
  readonly problems: readonly ImportProblem[];
}

interface Converted {
  readonly node: NodeDefinition;
  readonly mapped: MappedNode;
  readonly errorOutput: boolean;
}

/**
 * Converts an n8n workflow export to Weft's format: `n8n-nodes-base.*` types and their
 * parameter shapes, `=`-prefixed expressions, connections keyed by node name. Nothing is
 * dropped silently: unmapped node types become `noOp`s that keep the original
 * parameters, and every gap is listed in `problems`.
 */
export function importN8nWorkflow(source: N8nWorkflow): ImportResult {
  const problems: ImportProblem[] = [];
  const converted = new Map<string, Converted>();
  const usedIds = new Set<string>();
  for (const node of source.nodes) {
    if (IGNORED.has(node.type)) {
      problems.push({ severity: 'warning', node: node.name, path: 'type', message: 'sticky note not imported' });
      continue;
    }
    converted.set(node.name, convertNode(node, uniqueId(node, usedIds), problems));
  }
  const connections = convertConnections(source, converted, problems);
  const settings = convertSettings(source.settings ?? {}, problems);
  return {
    workflow: {
      ...(source.id ? { id: source.id } : {}),
      name: source.name ?? 'Imported workflow',
      nodes: [...converted.values()].map((entry) => entry.node),
      connections,
      settings,
    },
    problems,
  };
}

function uniqueId(node: N8nNode, used: Set<string>): string {
  const base =
    node.id ??
    (node.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') ||
      'node');
  let id = base;
  for (let suffix = 2; used.has(id); suffix += 1) id = `${base}-${suffix}`;
  used.add(id);
  return id;
}

function convertNode(node: N8nNode, id: string, problems: ImportProblem[]): Converted {
  const mapper = MAPPERS[node.type];
  const params = new ParamReader(node.parameters ?? {}, node.name, problems);
  let mapped: MappedNode;
  if (mapper) {
    mapped = mapper(params, node.typeVersion ?? 1);
    params.reportUnused();
  } else {
    problems.push({
      severity: 'error',
      node: node.name,
      path: 'type',
      message: `node type "${node.type}" is not supported; imported as a noOp holding its parameters`,
    });
    mapped = { type: 'noOp', properties: { n8nType: node.type, n8nParameters: (node.parameters ?? {}) as JsonValue } };
  }
  const settings = convertNodeSettings(node);
  const credential = node.credentials ? Object.entries(node.credentials)[0] : undefined;
  if (credential) {
    problems.push({
      severity: 'warning',
      node: node.name,
      path: `credentials.${credential[0]}`,
      message: `credential "${credential[1].name ?? credential[1].id}" must be re-created in Weft and linked`,
    });
  }
  const definition: NodeDefinition = {
    id,
    type: mapped.type,
    name: node.name,
    position: { x: node.position?.[0] ?? 0, y: node.position?.[1] ?? 0 },
    properties: mapped.properties,
    ...(credential?.[1].id ? { credentials: { id: credential[1].id, n8nType: credential[0] } } : {}),
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
  };
  return { node: definition, mapped, errorOutput: settings.onError === 'continueErrorOutput' };
}

function convertNodeSettings(node: N8nNode): NodeSettings {
  const onError = node.onError ?? (node.continueOnFail ? 'continueRegularOutput' : undefined);
  const settings: Record<string, unknown> = {
    retryOnFail: node.retryOnFail,
    maxTries: node.maxTries,
    waitBetweenTries: node.waitBetweenTries,
    alwaysOutputData: node.alwaysOutputData,
    executeOnce: node.executeOnce,
    disabled: node.disabled,
    onError: onError === 'stopWorkflow' || onError === 'continueRegularOutput' || onError === 'continueErrorOutput' ? onError : undefined,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as NodeSettings;
}

function convertConnections(source: N8nWorkflow, nodes: Map<string, Converted>, problems: ImportProblem[]): ConnectionDefinition[] {
  const connections: ConnectionDefinition[] = [];
  for (const [sourceName, byType] of Object.entries(source.connections ?? {})) {
    const from = nodes.get(sourceName);
    for (const [type, outputs] of Object.entries(byType)) {
      if (type !== 'main') {
        problems.push({ severity: 'error', node: sourceName, path: `connections.${type}`, message: `"${type}" connections are not supported` });
        continue;
      }
      outputs.forEach((targets, outputIndex) => {
        for (const target of targets ?? []) {
          const to = nodes.get(target.node);
          if (!from || !to) {
            problems.push({
              severity: 'error',
              node: sourceName,
              path: `connections.main[${outputIndex}]`,
              message: `connection to or from unknown node "${!from ? sourceName : target.node}"`,
            });
            continue;
          }
          connections.push({
            source: from.node.id,
            target: to.node.id,
            sourceOutput: outputName(from, outputIndex),
            targetInput: to.mapped.inputs?.[target.index] ?? 'main',
          });
        }
      });
    }
  }
  return connections;
}

function outputName(node: Converted, index: number): string {
  const outputs = node.mapped.outputs ?? ['main'];
  if (index < outputs.length) return outputs[index]!;
  return node.errorOutput && index === outputs.length ? 'error' : String(index);
}

function convertSettings(settings: Record<string, JsonValue>, problems: ImportProblem[]): WorkflowDefinition['settings'] {
  if (settings['executionOrder'] !== undefined && settings['executionOrder'] !== 'v1') {
    problems.push({
      severity: 'warning',
      path: 'settings.executionOrder',
      message: `execution order "${String(settings['executionOrder'])}" becomes v1 (depth-first)`,
    });
  }
  const timeout = Number(settings['executionTimeout'] ?? -1);
  return {
    errorHandling: 'stop',
    ...(typeof settings['timezone'] === 'string' && settings['timezone'] !== 'DEFAULT' ? { timezone: settings['timezone'] } : {}),
    ...(typeof settings['errorWorkflow'] === 'string' ? { errorWorkflowId: settings['errorWorkflow'] } : {}),
    ...(timeout > 0 ? { timeout: timeout * 1000 } : {}),
  };
}
