/** `dhcp-option …` and the 2.6 `dns …` pushed options (options.c). */
import { isIP } from 'node:net';
import type { DnsServer, PushedConfig } from './pushed-config';

/** Returns false when the option is malformed (the caller records a warning). */
export function applyDhcpOption(config: PushedConfig, args: string[]): boolean {
  const [kind = '', value] = args;
  const dhcp = config.dhcp;
  switch (kind.toUpperCase()) {
    case 'DNS':
      if (!value) return false;
      // 2.6 accepts IPv6 addresses under DNS as well.
      (isIP(value) === 6 ? dhcp.dns6 : dhcp.dns).push(value);
      return isIP(value) !== 0;
    case 'DNS6':
      if (!value || isIP(value) !== 6) return false;
      dhcp.dns6.push(value);
      return true;
    case 'DOMAIN':
      if (!value) return false;
      dhcp.domain = value;
      return true;
    case 'ADAPTER_DOMAIN_SUFFIX':
      if (!value) return false;
      dhcp.adapterDomainSuffix = value;
      return true;
    case 'DOMAIN-SEARCH':
      if (!value) return false;
      dhcp.domainSearch.push(value);
      return true;
    case 'NTP':
      if (!value) return false;
      dhcp.ntp.push(value);
      return true;
    case 'WINS':
      if (!value) return false;
      dhcp.wins.push(value);
      return true;
    default:
      // NBDD, NBT, NBS, DISABLE-NBT …: Windows NetBIOS settings, nothing to do here.
      config.ignored.push(`dhcp-option ${args.join(' ')}`);
      return true;
  }
}

/** "1.2.3.4", "1.2.3.4:53", "[2001:db8::1]:53", "2001:db8::1" */
function parseAddress(text: string): { address: string; port?: number } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    const address = bracketed[1] ?? '';
    if (isIP(address) !== 6) return undefined;
    return bracketed[2] ? { address, port: Number(bracketed[2]) } : { address };
  }
  if (isIP(text)) return { address: text };
  const withPort = /^([^:]+):(\d+)$/.exec(text);
  if (withPort && isIP(withPort[1] ?? '') === 4)
    return { address: withPort[1] ?? '', port: Number(withPort[2]) };
  return undefined;
}

/** A pushed priority is 0..127 (dns.c dns_server_priority_parse with `pulled`), so at most 128 servers. */
function pulledPriority(text: string): number | undefined {
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const priority = Number(text);
  return priority <= 127 ? priority : undefined;
}

/** The server entry for `priority`, inserted in order (dns.c dns_server_get) instead of re-sorting. */
function serverEntry(config: PushedConfig, priority: number): DnsServer {
  const servers = config.dns.servers;
  let at = 0;
  while (at < servers.length && (servers[at]?.priority ?? 0) < priority) at++;
  const found = servers[at];
  if (found?.priority === priority) return found;
  const server: DnsServer = { priority, addresses: [], resolveDomains: [] };
  servers.splice(at, 0, server);
  return server;
}

export function applyDnsOption(config: PushedConfig, args: string[]): boolean {
  const [what, ...rest] = args;
  if (what === 'search-domains') {
    if (rest.length === 0) return false;
    for (const domain of rest) config.dns.searchDomains.push(domain);
    return true;
  }
  if (what !== 'server') return false;
  const [priorityText = '', key, ...values] = rest;
  const priority = pulledPriority(priorityText);
  if (priority === undefined || !key || values.length === 0) return false;
  const server = serverEntry(config, priority);
  switch (key) {
    case 'address': {
      const parsed = values.map(parseAddress);
      if (parsed.some((p) => !p)) return false;
      for (const p of parsed) if (p) server.addresses.push(p);
      return true;
    }
    case 'resolve-domains':
      for (const domain of values) server.resolveDomains.push(domain);
      return true;
    case 'dnssec':
      if (!['yes', 'no', 'optional'].includes(values[0] ?? '')) return false;
      server.dnssec = values[0] as DnsServer['dnssec'];
      return true;
    case 'transport':
      if (!['plain', 'DoH', 'DoT'].includes(values[0] ?? '')) return false;
      server.transport = values[0] as DnsServer['transport'];
      return true;
    case 'sni':
      server.sni = values[0];
      return true;
    default:
      return false;
  }
}
