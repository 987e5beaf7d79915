import { type Item, type NodeType } from '@weft/engine-core';

const passThrough = (type: string): NodeType => ({ type, trigger: true, execute: (ctx) => ({ main: [...ctx.items] }) });

/** Starts a manual or API run with the given input. */
export const manualTrigger = passThrough('manualTrigger');
/** Starts the error workflow with the failed execution's summary. */
export const errorTrigger = passThrough('errorTrigger');
/** Entry of a sub-workflow: emits the caller's items. */
export const executeWorkflowTrigger = passThrough('executeWorkflowTrigger');

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const RESPONSE_MODES = new Set(['onReceived', 'lastNode', 'responseNode']);

/** Emits the request the execution service received as `{headers, params, query, body}`. */
export const webhookTrigger: NodeType = {
  type: 'webhookTrigger',
  trigger: true,
  required: ['path'],
  webhook: (properties) => ({ path: String(properties['path'] ?? ''), method: String(properties['method'] ?? 'GET').toUpperCase() }),
  validate: (properties) => {
    const problems: [string, string][] = [];
    const method = String(properties['method'] ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) problems.push(['method', `unsupported method "${method}"`]);
    const mode = properties['responseMode'];
    if (mode !== undefined && !RESPONSE_MODES.has(String(mode)))
      problems.push(['responseMode', `responseMode must be one of ${[...RESPONSE_MODES].join(', ')}`]);
    return problems;
  },
  execute: (ctx) => ({
    main: ctx.items.map((item): Item => ({
      ...item,
      json: { headers: {}, params: {}, query: {}, body: {}, ...item.json },
    })),
  }),
};

/** Fires on a cron expression or an interval; the run's input is the tick. */
export const scheduleTrigger: NodeType = {
  type: 'scheduleTrigger',
  trigger: true,
  validate: (properties) => checkSchedule(properties['cron'], properties['interval']),
  execute: (ctx) => {
    const hasTick = ctx.items.length > 0 && Object.keys(ctx.items[0]!.json).length > 0;
    return { main: hasTick ? [...ctx.items] : [{ json: { timestamp: new Date(ctx.clock.now()).toISOString(), timezone: ctx.workflow.timezone } }] };
  },
};

const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;
const INTERVAL_UNITS = new Set(['seconds', 'minutes', 'hours', 'days', 'weeks', 'months']);

function checkSchedule(cron: unknown, interval: unknown): [string, string][] {
  if (cron === undefined && interval === undefined) return [['cron', 'a cron expression or an interval is required']];
  if (cron !== undefined) {
    const fields = String(cron).trim().split(/\s+/);
    if ((fields.length !== 5 && fields.length !== 6) || !fields.every((field) => CRON_FIELD.test(field)))
      return [['cron', `"${String(cron)}" is not a cron expression`]];
  }
  if (interval !== undefined) {
    const { every, unit } = (interval ?? {}) as { every?: unknown; unit?: unknown };
    if (!(typeof every === 'number' && every > 0) || !INTERVAL_UNITS.has(String(unit)))
      return [['interval', 'interval must be {every: number > 0, unit: seconds|minutes|hours|days|weeks|months}']];
  }
  return [];
}
