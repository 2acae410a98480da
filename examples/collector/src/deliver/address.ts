// The SSRF guard: a webhook endpoint must be a public address. Checked on the address a connection is
// actually made to (send.ts passes `guardedLookup` to node:http, so a name that resolves, or rebinds,
// to 127.0.0.1 is refused at connect time), and on IP literals, which node:http never looks up.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Why `host` (an IP literal or a name) is not a public address: "loopback", "private", "link-local"…
 * or null when it is public, or a name (names are checked once resolved).
 */
export function privateAddress(host: string): string | null {
  if (!ipaddr.isValid(host)) return null;
  let addr = ipaddr.parse(host);
  // ::ffff:127.0.0.1 is 127.0.0.1.
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  const range = addr.range();
  return range === 'unicast' ? null : range.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATE';
  constructor(host: string, address: string, why: string) {
    super(`${host} resolves to ${address}, a ${why} address; refused (set AFTERCARE_WEBHOOK_ALLOW_PRIVATE=1 to allow it)`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup, refusing any result that is not a public address (for node:http's `lookup` option). */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    for (const a of addresses) {
      const why = privateAddress(a.address);
      if (why) return callback(new PrivateAddressError(hostname, a.address, why), []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
