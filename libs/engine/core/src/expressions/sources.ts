import { type Item } from '../items.js';
import { type ExpressionData, type ExpressionExtras } from './data.js';
import { SafeDateTime } from './date-time.js';
import { dateTimeStatics } from './date-time-statics.js';
import { markCallable } from './guards.js';
import { ItemsView } from './items-view.js';

/** What `$('Node').item` resolves to, with n8n's failures. */
export type PairedItemResult =
  | { readonly kind: 'found'; readonly item: Item }
  /** Two different items of the node on different chains; `index` is the item whose links part (n8n's "item [index]"). */
  | { readonly kind: 'multiple'; readonly index: number }
  /** An item on the way carries no pairing; `nodeName` made it. */
  | { readonly kind: 'unavailable'; readonly nodeName: string }
  /** The node is not upstream, or this item's chain does not pass through it. */
  | { readonly kind: 'noPath' };

/** What the engine knows when it evaluates a node's property for one item. */
export interface ExpressionSources {
  readonly items: readonly Item[];
  readonly itemIndex: number;
  /** Output items (first output) of an executed node, by node name. */
  readonly nodeOutput: (name: string) => readonly Item[] | undefined;
  readonly executedNodeNames: () => readonly string[];
  /** The item of the named node that the current item descends from. */
  readonly pairedItem?: (name: string, itemIndex: number) => PairedItemResult;
  /** Epoch ms. */
  readonly now: number;
  readonly execution: { readonly id: string; readonly mode: string };
  readonly workflow: { readonly id: string; readonly name: string };
  readonly vars: Readonly<Record<string, string>>;
  /** Zone of `$now`, `$today` and `DateTime` (the workflow's timezone). */
  readonly timezone?: string;
}

/** n8n's messages for a `.item` that cannot be resolved. */
function pairedItemOf(result: PairedItemResult, name: string): Item {
  switch (result.kind) {
    case 'found':
      return result.item;
    case 'multiple':
      throw new Error(`Multiple matching items for item [${result.index}]`);
    case 'unavailable':
      throw new Error(`Paired item data for item from node '${result.nodeName}' is unavailable. Ensure '${result.nodeName}' is providing the required output.`);
    default:
      throw new Error(`No path back to referenced node '${name}'`);
  }
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
    const { items, itemIndex } = this.sources;
    this.input ??= new ItemsView(items, () => items[itemIndex] ?? items[0]);
    return this.input;
  }

  get $(): unknown {
    return markCallable((name: unknown) => {
      const items = this.sources.nodeOutput(String(name));
      if (!items) throw new Error(`node "${String(name)}" has not been executed`);
      const { pairedItem, itemIndex } = this.sources;
      return new ItemsView(items, pairedItem ? () => pairedItemOf(pairedItem(String(name), itemIndex), String(name)) : () => items[itemIndex] ?? items[0]);
    });
  }

  /** n8n's older `$node["Name"]`: the paired item where there is one, else the same index. */
  get $node(): unknown {
    if (this.nodes) return this.nodes;
    const nodes: Record<string, unknown> = {};
    for (const name of this.sources.executedNodeNames()) {
      const items = this.sources.nodeOutput(name) ?? [];
      const paired = this.sources.pairedItem?.(name, this.sources.itemIndex);
      const item = paired?.kind === 'found' ? paired.item : (items[this.sources.itemIndex] ?? items[0]);
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

  get DateTime(): unknown {
    return dateTimeStatics(this.sources.now, this.sources.timezone ?? 'UTC');
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
