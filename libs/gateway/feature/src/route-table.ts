import { type Permission } from '@weft/kernel';
import { ACCESS_EXTENSION, type AccessRequirement } from '@weft/http';

/** The parts of a service's OpenAPI document the gateway routes by. */
export interface ServiceDocument {
  readonly paths?: object;
}

type AccessExtension = { kind?: string; permission?: string; role?: string };
type Operations = Record<string, { readonly [ACCESS_EXTENSION]?: AccessExtension } | undefined>;

export interface RouteTarget {
  readonly service: string;
  readonly params: Record<string, string>;
  /** `undefined`: a public route (the service decides what it answers). */
  readonly access: AccessRequirement | undefined;
}

/** Why no route matched: no such path, or the path exists with other methods. */
export type RouteMiss = { readonly kind: 'not_found' } | { readonly kind: 'method_not_allowed'; readonly allow: readonly string[] };

interface CompiledPath {
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly service: string;
  /** Upper-case method → requirement (`null`: public). */
  readonly methods: ReadonlyMap<string, AccessRequirement | null>;
  /** Literal segments first: `/workflows/import` wins over `/workflows/{workflowId}`. */
  readonly literalSegments: number;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const PARAMETER = /^\{([A-Za-z_][\w]*)\}$/;

/**
 * The gateway's map from public paths to services, built from each service's own OpenAPI
 * document (generated from its controllers), with every route's access requirement
 * (`x-weft-access`). Prefix routes (webhooks: paths the workflows choose) go to one
 * service with any method.
 */
export class RouteTable {
  private constructor(
    private readonly paths: readonly CompiledPath[],
    private readonly prefixes: readonly { prefix: string; service: string }[],
  ) {}

  static build(documents: ReadonlyMap<string, ServiceDocument>, prefixes: readonly { prefix: string; service: string }[] = []): RouteTable {
    const compiled: CompiledPath[] = [];
    const owners = new Map<string, string>();
    for (const [service, document] of documents) {
      for (const [path, operations] of Object.entries(document.paths ?? {}) as [string, Operations | undefined][]) {
        if (!path.startsWith('/api/') || operations === undefined) continue;
        const owner = owners.get(path);
        if (owner !== undefined && owner !== service) throw new Error(`${path} is served by both ${owner} and ${service}`);
        owners.set(path, service);
        compiled.push(compile(service, path, operations));
      }
    }
    compiled.sort((a, b) => b.literalSegments - a.literalSegments);
    return new RouteTable(compiled, prefixes);
  }

  resolve(method: string, url: string): RouteTarget | RouteMiss {
    const path = url.split('?', 1)[0] ?? '/';
    const prefixed = this.prefixes.find((p) => path.startsWith(p.prefix));
    if (prefixed !== undefined) return { service: prefixed.service, params: {}, access: undefined };
    let allow: string[] | undefined;
    for (const candidate of this.paths) {
      const match = candidate.pattern.exec(path);
      if (match === null) continue;
      const wanted = method.toUpperCase() === 'HEAD' && !candidate.methods.has('HEAD') ? 'GET' : method.toUpperCase();
      const access = candidate.methods.get(wanted);
      if (access === undefined) {
        allow ??= [...candidate.methods.keys()];
        continue;
      }
      const params = Object.fromEntries(candidate.names.map((name, i) => [name, safeDecode(match[i + 1] ?? '')]));
      return { service: candidate.service, params, access: access ?? undefined };
    }
    return allow === undefined ? { kind: 'not_found' } : { kind: 'method_not_allowed', allow };
  }
}

export const isRouteMiss = (resolved: RouteTarget | RouteMiss): resolved is RouteMiss => 'kind' in resolved;

function compile(service: string, path: string, operations: Operations): CompiledPath {
  const names: string[] = [];
  let literalSegments = 0;
  const source = path
    .split('/')
    .map((segment) => {
      const parameter = PARAMETER.exec(segment);
      if (parameter === null) {
        literalSegments += 1;
        return escapeRegExp(segment);
      }
      names.push(parameter[1] ?? '');
      return '([^/]+)';
    })
    .join('/');
  const methods = new Map<string, AccessRequirement | null>();
  for (const [method, operation] of Object.entries(operations)) {
    if (METHODS.has(method)) methods.set(method.toUpperCase(), requirementOf(operation?.[ACCESS_EXTENSION]));
  }
  return { pattern: new RegExp(`^${source}$`), names, service, methods, literalSegments };
}

function requirementOf(extension: AccessExtension | undefined): AccessRequirement | null {
  if (extension?.kind === 'authenticated') return { kind: 'authenticated' };
  if (extension?.kind === 'permission' && typeof extension.permission === 'string')
    return { kind: 'permission', permission: extension.permission as Permission };
  if (extension?.kind === 'platformRole' && (extension.role === 'admin' || extension.role === 'super_admin'))
    return { kind: 'platformRole', role: extension.role };
  // A requirement this gateway does not understand is not public: the service must check it.
  if (extension?.kind !== undefined) return { kind: 'authenticated' };
  return null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
