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
  const addr = carriedIPv4(ipaddr.parse(host));
  const range = addr.range();
  return range === 'unicast' ? null : range.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * IPv6 addresses that carry an IPv4 address are judged by it: IPv4-mapped (`::ffff:0:0/96`),
 * IPv4-compatible (`::/96`, deprecated but still routed by some stacks), NAT64 (`64:ff9b::/96`, the
 * well-known prefix, whose translator reaches the IPv4 address) and 6to4 (`2002::/16`, the IPv4
 * address in bits 16–47). ipaddr.js converts only the mapped form, so the others are unpacked here.
 */
function carriedIPv4(addr: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  if (addr.kind() === 'ipv4') return addr;
  const v6 = addr as ipaddr.IPv6;
  const p = v6.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  // ::/96, but not :: (unspecified) and ::1 (loopback), which ipaddr.js already names.
  if (zeros(0, 6) && (p[6] !== 0 || p[7]! > 1)) return v4(p[6]!, p[7]!);
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return v4(p[6]!, p[7]!);
  if (p[0] === 0x2002) return v4(p[1]!, p[2]!);
  return addr;
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
