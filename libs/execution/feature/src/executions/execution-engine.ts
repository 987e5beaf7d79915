import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type NodeRegistry, type WorkflowDefinition, validateWorkflow } from '@weft/engine-core';
import { CodeSandboxPool, createNodeRegistry } from '@weft/engine-nodes';
import { UserError } from '@weft/kernel';
import { EXECUTION_CONFIG, type ExecutionConfig } from '../execution-config.js';
import { type EngineRuntime } from '../runner/execution-runner.js';

/** The engine as this process runs it: one node registry, one warm code-sandbox pool. */
@Injectable()
export class ExecutionEngine implements EngineRuntime, OnModuleDestroy {
  readonly registry: NodeRegistry = createNodeRegistry();
  readonly services: EngineRuntime['services'];
  readonly egressAllowList: readonly string[];
  private readonly sandbox: CodeSandboxPool;

  constructor(@Inject(EXECUTION_CONFIG) config: ExecutionConfig) {
    this.sandbox = new CodeSandboxPool(config.code);
    this.services = { codeSandbox: this.sandbox };
    this.egressAllowList = config.egressAllowList;
  }

  /** A stored version as the engine's definition; a version the engine no longer accepts is a 422 naming why. */
  prepare(
    workflowId: string,
    name: string,
    definition: { nodes: readonly unknown[]; connections: readonly unknown[]; settings: Readonly<Record<string, unknown>> },
  ): WorkflowDefinition {
    const validation = validateWorkflow(
      { id: workflowId, name, nodes: definition.nodes, connections: definition.connections, settings: definition.settings },
      this.registry,
    );
    if (!validation.ok) {
      throw new UserError('unprocessable', 'workflow.invalid', `The workflow has ${validation.problems.length} problem(s); fix it before running it.`, {
        errors: validation.problems.map((p) => ({ field: p.path ?? '', message: p.nodeId ? `${p.nodeId}: ${p.message}` : p.message })),
      });
    }
    return validation.workflow;
  }

  onModuleDestroy(): void {
    this.sandbox.close();
  }
}
