import { type Item } from '../items.js';
import { type ExpressionData, type ExpressionExtras } from './data.js';
import { SafeDateTime } from './date-time.js';
import { markCallable } from './guards.js';

/** What the engine knows when it evaluates a node's property for one item. */
export interface ExpressionSources {
  readonly items: readonly Item[];
  readonly itemIndex: number;
  /** Output items (first output) of an executed node, by node name. */
  readonly nodeOutput: (name: string) => readonly Item[] | undefined;
  readonly executedNodeNames: () => readonly string[];
  /** The item of the named node that the current item descends from, when traceable. */
  readonly pairedItem?: (name: string, itemIndex: number) => Item | undefined;
  /** Epoch ms. */
  readonly now: number;
  readonly execution: { readonly id: string; readonly mode: string };
  readonly workflow: { readonly id: string; readonly name: string };
  readonly vars: Readonly<Record<string, string>>;
  /** Zone of `$now` and `$today` (the workflow's timezone). */
  readonly timezone?: string;
}

function itemsView(items: readonly Item[], itemIndex: number, paired?: Item): Record<string, unknown> {
  return {
    all: markCallable(() => items.slice()),
    first: markCallable(() => items[0]),
    last: markCallable(() => items[items.length - 1]),
    item: paired ?? items[itemIndex] ?? items[0],
    items: items.slice(),
    isExecuted: true,
  };
}

/**
 * Builds the `$`-variables for one item. Views of other nodes are built on first use, so
 * an expression that reads only `$json` costs one object.
 */
export class ItemExpressionData implements ExpressionData {
  readonly $json: unknown;
  readonly $binary: unknown;
  readonly $itemIndex: number;
  readonly $response: unknown;
  readonly $pageCount: unknown;
  private input?: unknown;
  private nodes?: unknown;

  constructor(
    private readonly sources: ExpressionSources,
    extras: ExpressionExtras = {},
  ) {
    this.$response = extras.$response;
    this.$pageCount = extras.$pageCount;
    const item = sources.items[sources.itemIndex];
    this.$json = item?.json ?? {};
    this.$binary = item?.binary ?? {};
    this.$itemIndex = sources.itemIndex;
  }

  get $input(): unknown {
    this.input ??= itemsView(this.sources.items, this.sources.itemIndex);
    return this.input;
  }

  get $(): unknown {
    return markCallable((name: unknown) => {
      const items = this.sources.nodeOutput(String(name));
      if (!items) throw new Error(`node "${String(name)}" has not been executed`);
      return itemsView(items, this.sources.itemIndex, this.sources.pairedItem?.(String(name), this.sources.itemIndex));
    });
  }

  get $node(): unknown {
    if (this.nodes) return this.nodes;
    const nodes: Record<string, unknown> = {};
    for (const name of this.sources.executedNodeNames()) {
      const items = this.sources.nodeOutput(name) ?? [];
      const item = this.sources.pairedItem?.(name, this.sources.itemIndex) ?? items[this.sources.itemIndex] ?? items[0];
      nodes[name] = { json: item?.json ?? {}, binary: item?.binary ?? {} };
    }
    this.nodes = nodes;
    return nodes;
  }

  get $now(): unknown {
    return new SafeDateTime(this.sources.now, this.sources.timezone ?? 'UTC');
  }

  get $today(): unknown {
    return new SafeDateTime(this.sources.now, this.sources.timezone ?? 'UTC').startOf('day');
  }

  get $execution(): unknown {
    return { id: this.sources.execution.id, mode: this.sources.execution.mode };
  }

  get $workflow(): unknown {
    return { id: this.sources.workflow.id, name: this.sources.workflow.name };
  }

  get $vars(): unknown {
    return { ...this.sources.vars };
  }

  get $items(): unknown {
    return markCallable(() => this.sources.items.slice());
  }
}
