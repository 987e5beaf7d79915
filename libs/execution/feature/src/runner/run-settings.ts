import { type WorkflowDefinition } from '@weft/engine-core';

// The workflow settings that decide how a run is recorded and what follows its failure.

/** What of a run's items is recorded: `settings.saveExecutionData` (`all`, `errors`: only when it fails, `none`). */
export type SaveExecutionData = 'all' | 'errors' | 'none';

export function saveExecutionDataOf(workflow: WorkflowDefinition): SaveExecutionData {
  const value = workflow.settings?.saveExecutionData;
  return value === 'errors' || value === 'none' ? value : 'all';
}

/** Automatic retries of a failed run: `settings.executionRetries` (0–10, default 0), backing off from `settings.executionRetryBackoffMs` (default 1 s, doubled each time). */
export function executionRetriesOf(workflow: WorkflowDefinition): { retries: number; backoffMs: number } {
  const settings = (workflow.settings ?? {}) as Record<string, unknown>;
  const retries = Number(settings['executionRetries'] ?? 0);
  const backoffMs = Number(settings['executionRetryBackoffMs'] ?? 1000);
  return {
    retries: Number.isInteger(retries) ? Math.min(Math.max(retries, 0), 10) : 0,
    backoffMs: Number.isFinite(backoffMs) ? Math.min(Math.max(backoffMs, 0), 3_600_000) : 1000,
  };
}

/** `settings.timeout` in ms, `null` without one (the engine enforces it). */
export function workflowTimeoutOf(workflow: WorkflowDefinition): number | null {
  const timeout = Number(workflow.settings?.timeout);
  return Number.isSafeInteger(timeout) && timeout > 0 ? timeout : null;
}
