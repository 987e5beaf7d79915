import { NodeRegistry, type NodeType } from '@weft/engine-core';
import { code } from './code/code-node.js';
import { crypto } from './core/crypto.js';
import { dateTime } from './core/date-time.js';
import { filter, ifNode, noOp, splitInBatches, stopAndError, switchNode, wait } from './core/flow.js';
import { aggregate, limit, removeDuplicates, sort, splitOut } from './core/items-nodes.js';
import { merge } from './core/merge.js';
import { executeWorkflow, respondToWebhook } from './core/respond.js';
import { set } from './core/set.js';
import { errorTrigger, executeWorkflowTrigger, manualTrigger, scheduleTrigger, webhookTrigger } from './core/triggers.js';
import { httpRequest } from './http/http-request.js';

/** Every node type of the catalogue (docs/engine.md lists their properties). */
export const nodeTypes: readonly NodeType[] = [
  manualTrigger,
  webhookTrigger,
  scheduleTrigger,
  errorTrigger,
  executeWorkflowTrigger,
  set,
  ifNode,
  filter,
  switchNode,
  merge,
  noOp,
  stopAndError,
  respondToWebhook,
  wait,
  splitInBatches,
  aggregate,
  splitOut,
  sort,
  limit,
  removeDuplicates,
  dateTime,
  crypto,
  executeWorkflow,
  code,
  httpRequest,
];

/** A registry holding the whole catalogue. */
export const createNodeRegistry = (): NodeRegistry => new NodeRegistry(nodeTypes);
