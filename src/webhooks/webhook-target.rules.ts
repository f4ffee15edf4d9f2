import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may go (OWASP API7, server-side request forgery): https URLs (http only when the operator allows
 * it) whose host resolves to public unicast addresses. Private, loopback, link-local (which includes the cloud
 * metadata address 169.254.169.254), CGNAT, multicast, reserved and the IPv6 ranges that tunnel IPv4 are refused
 * unless an operator allow-lists a CIDR that contains them.
 */
export interface TargetPolicy {
  allowHttp: boolean;
  allowedCidrs: readonly string[];
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

const MAX_URL_LENGTH = 2048;

export function checkWebhookUrl(raw: string, policy: TargetPolicy): UrlVerdict {
  if (raw.length > MAX_URL_LENGTH)
    return { ok: false, reason: `url must be at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'url must be an absolute URL, e.g. https://hooks.example.com/requisite' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return { ok: false, reason: policy.allowHttp ? 'url must use https or http' : 'url must use https' };
  }
  if (url.username || url.password) return { ok: false, reason: 'url must not carry credentials' };
  if (url.hash || raw.includes('#')) return { ok: false, reason: 'url must not have a #fragment' };
  if (!url.hostname) return { ok: false, reason: 'url must name a host' };
  return { ok: true, url };
}

/** The host as a literal IP address (brackets of IPv6 literals removed), or null for a name. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(bare) ? bare : null;
}

/** Null when a resolved address may be connected to; otherwise why not. */
export function refusalOfAddress(address: string, allowedCidrs: readonly string[]): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  if (allowedCidrs.some((cidr) => inCidr(parsed, cidr))) return null;
  const range = parsed.range();
  // IPv4-compatible IPv6 (::a.b.c.d, deprecated) carries an IPv4 address, yet ipaddr.js calls it unicast.
  const ipv4Compatible =
    parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0);
  if (range === 'unicast' && ipv4Compatible) return `${address} is an IPv4-compatible IPv6 address`;
  if (range === 'unicast') return null;
  return `${address} is a ${describeRange(range)} address`;
}

function inCidr(address: ipaddr.IPv4 | ipaddr.IPv6, cidr: string): boolean {
  try {
    const [network, bits] = ipaddr.parseCIDR(cidr);
    return network.kind() === address.kind() && address.match(network, bits);
  } catch {
    return false;
  }
}

function describeRange(range: string): string {
  // ipaddr.js names ranges in camelCase ("carrierGradeNat", "linkLocal"); spell them out for people.
  const names: Record<string, string> = {
    private: 'private',
    loopback: 'loopback',
    linkLocal: 'link-local (cloud metadata lives here)',
    carrierGradeNat: 'carrier-grade NAT',
    multicast: 'multicast',
    uniqueLocal: 'unique-local (private IPv6)',
    unspecified: 'unspecified',
    broadcast: 'broadcast',
    reserved: 'reserved',
  };
  return names[range] ?? `non-public (${range})`;
}

/** Whether every entry is a CIDR ipaddr.js understands (the environment's format check is looser). */
export function invalidCidrs(cidrs: readonly string[]): string[] {
  return cidrs.filter((cidr) => {
    try {
      ipaddr.parseCIDR(cidr);
      return false;
    } catch {
      return true;
    }
  });
}
