/**
 * Stream ids name their context first: `<context>.<aggregate>-<id>`, e.g.
 * `workflows.Workflow-0191d3c2-…`. The relay routes each event to its context's topic by
 * that prefix, so the convention is part of the log's format, not a detail of one service.
 */
export function streamIdOf(context: string, aggregate: string, id: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(context)) throw new Error(`invalid context name '${context}' (lowercase letters, digits and dashes)`);
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(aggregate)) throw new Error(`invalid aggregate name '${aggregate}'`);
  return `${context}.${aggregate}-${id}`;
}

/** The context of a stream id written by `streamIdOf`; `undefined` for an id without one. */
export function contextOfStream(streamId: string): string | undefined {
  const dot = streamId.indexOf('.');
  if (dot <= 0) return undefined;
  const context = streamId.slice(0, dot);
  return /^[a-z][a-z0-9-]*$/.test(context) ? context : undefined;
}
