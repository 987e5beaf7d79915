import { type JsonValue, type NodeRegistry, outputsOf, type RunResult, type WebhookResponse, type WorkflowDefinition } from '@weft/engine-core';

const message = (statusCode: number, text: string): WebhookResponse => ({ statusCode, headers: {}, body: { message: text } });

/**
 * The HTTP answer to a webhook-started run, as n8n 1.x gives it for the trigger's
 * `responseMode` (checked against recordings of n8n 1.123, see docs/engine.md):
 * `onReceived` answers at once; `lastNode` answers with the first output of the last
 * executed node (`responseData`: `firstEntryJson` its first item, `allEntries` all its
 * items, `noData` nothing) and 500 `Error in workflow` when the run failed;
 * `responseNode` answers with what `respondToWebhook` set (the engine keeps the last one,
 * n8n sends the first: docs/engine.md "Not done yet"). A waiting run has
 * no answer yet (`undefined`). `responseCode` is the trigger's (the import reads n8n's).
 */
export function webhookResponse(workflow: WorkflowDefinition, registry: NodeRegistry, triggerId: string, result: RunResult): WebhookResponse | undefined {
  const trigger = workflow.nodes.find((node) => node.id === triggerId);
  const properties: Record<string, JsonValue> = trigger?.properties ?? {};
  const mode = String(properties['responseMode'] ?? 'onReceived');
  const statusCode = Number(properties['responseCode'] ?? 200);
  if (mode === 'onReceived') return message(statusCode, 'Workflow was started');
  if (mode === 'responseNode' && result.response) return result.response;
  if (result.status === 'error') return message(500, 'Error in workflow');
  if (result.status !== 'success') return undefined;
  // responseNode without a respondToWebhook: not recorded, no answer is known.
  if (mode === 'responseNode') return undefined;
  const last = workflow.nodes.find((node) => node.id === result.lastNodeId);
  const type = last ? registry.get(last.type) : undefined;
  if (!last || !type) return message(statusCode, 'Workflow executed successfully but the last node did not return any data');
  const firstOutput = outputsOf(type, last)[0] ?? 'main';
  const items = result.runData[last.id]?.at(-1)?.outputs[firstOutput] ?? [];
  const data = String(properties['responseData'] ?? 'firstEntryJson');
  if (data === 'noData') return { statusCode, headers: {}, body: undefined };
  if (data === 'allEntries') return { statusCode, headers: {}, body: items.map((item) => item.json) };
  const first = items[0];
  // n8n reports this as an error response, which carries `code: 0`.
  return first ? { statusCode, headers: {}, body: first.json } : { statusCode: 500, headers: {}, body: { code: 0, message: 'No item to return was found' } };
}

/**
 * n8n's answer when `authenticateWebhook` refused the request: basic auth without an
 * `Authorization` header is 401 "Authorization is required!", any other refusal 403
 * "Authorization data is wrong!" (both with the basic challenge header for basic auth).
 */
export function webhookAuthFailure(properties: Record<string, JsonValue>, headers: Readonly<Record<string, string | string[] | undefined>>): WebhookResponse {
  const basic = properties['authentication'] === 'basic';
  const challenge: Record<string, string> = basic ? { 'WWW-Authenticate': 'Basic realm="Webhook"' } : {};
  if (basic && headers['authorization'] === undefined) return { statusCode: 401, headers: challenge, body: 'Authorization is required!' };
  return { statusCode: 403, headers: challenge, body: 'Authorization data is wrong!' };
}
