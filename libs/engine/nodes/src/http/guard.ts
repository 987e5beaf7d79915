import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { NodeOperationError } from '@weft/engine-core';
import { type EgressAllowList } from './addresses.js';

/** Resolves host names; injectable so tests can point names at local servers. */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = async (hostname) => await lookup(hostname, { all: true, verbatim: true });

export class EgressBlockedError extends NodeOperationError {
  override name = 'EgressBlockedError';
}

/**
 * Resolves a URL's host once and checks every address against the SSRF rules and the
 * org's allow-list. Returns the address to connect to; the request then uses
 * {@link pinnedLookup} so a second DNS answer cannot swap in another address.
 */
export async function resolveChecked(url: URL, allowList: EgressAllowList, resolver: Resolver): Promise<{ address: string; family: number }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EgressBlockedError(`protocol ${url.protocol} is not allowed`);
  // The WHATWG parser has already normalized decimal, octal and hex IPv4 forms (http://2130706433/ → 127.0.0.1).
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const hostAllowed = allowList.allowsHost(hostname);
  const literal = isIP(hostname);
  const addresses = literal ? [{ address: hostname, family: literal }] : await resolver(hostname);
  if (addresses.length === 0) throw new NodeOperationError(`could not resolve ${hostname}`);
  for (const { address } of addresses) {
    if (!hostAllowed && !allowList.permitsAddress(address)) {
      throw new EgressBlockedError(`request to ${hostname} (${address}) is blocked by the egress policy`);
    }
  }
  return addresses[0]!;
}

/** A `lookup` for node:http that always answers with the already-checked address. */
export function pinnedLookup(address: string, family: number): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}
