/**
 * A small CIDR library for the IPsec model: IPv4 and IPv6 prefixes as bigints, so that
 * containment and overlap are plain integer comparisons on the same family.
 */

export interface Cidr {
  family: 4 | 6;
  /** The network address (host bits cleared). */
  network: bigint;
  prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

export class CidrError extends Error {
  constructor(readonly input: string) {
    super(`not a CIDR block: "${input}"`);
    this.name = 'CidrError';
  }
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255 || (part.length > 1 && part.startsWith('0'))) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseHextets(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  for (const h of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(h)) return undefined;
    out.push(parseInt(h, 16));
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  let body = text;
  // An embedded dotted IPv4 tail (::ffff:192.0.2.1) is rewritten as its two hextets.
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.')) {
    const v4 = lastColon >= 0 ? parseIpv4(body.slice(lastColon + 1)) : undefined;
    if (v4 === undefined) return undefined;
    body = `${body.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  let hextets: number[];
  if (halves.length === 2) {
    const head = parseHextets(halves[0] ?? '');
    const rest = parseHextets(halves[1] ?? '');
    if (!head || !rest) return undefined;
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return undefined;
    hextets = [...head, ...new Array<number>(fill).fill(0), ...rest];
  } else {
    const all = parseHextets(body);
    if (!all) return undefined;
    hextets = all;
  }
  if (hextets.length !== 8) return undefined;
  return hextets.reduce((acc, h) => (acc << 16n) | BigInt(h), 0n);
}

function mask(family: 4 | 6, prefix: number): bigint {
  const bits = BigInt(BITS[family]);
  return ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

/**
 * Parses "10.0.0.0/16", "2001:db8::/32" or a bare address (a host prefix). Host bits set
 * below the prefix are cleared, as routers do ("10.0.0.1/24" is 10.0.0.0/24).
 */
export function tryParseCidr(text: string): Cidr | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addrText = slash >= 0 ? trimmed.slice(0, slash) : trimmed;
  const prefixText = slash >= 0 ? trimmed.slice(slash + 1) : undefined;
  const family: 4 | 6 = addrText.includes(':') ? 6 : 4;
  const addr = family === 4 ? parseIpv4(addrText) : parseIpv6(addrText);
  if (addr === undefined) return undefined;
  let prefix: number = BITS[family];
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > BITS[family]) return undefined;
  }
  return { family, network: addr & mask(family, prefix), prefix };
}

export function parseCidr(text: string): Cidr {
  const c = tryParseCidr(text);
  if (!c) throw new CidrError(text);
  return c;
}

export function isCidr(text: string): boolean {
  return tryParseCidr(text) !== undefined;
}

/** The last address in the block. */
function broadcast(c: Cidr): bigint {
  return c.network | ((1n << BigInt(BITS[c.family] - c.prefix)) - 1n);
}

/** A block as the range of addresses it covers, for comparisons without re-parsing. */
export interface CidrRange {
  family: 4 | 6;
  first: bigint;
  last: bigint;
  prefix: number;
}

/**
 * Parsed blocks by text. The view compares the same few thousand blocks over and over (every
 * network against every route and SPD rule), and parsing is the expensive part. Bounded: it
 * is emptied when full, which only costs re-parsing.
 */
const RANGE_CACHE_SIZE = 50_000;
const rangeCache = new Map<string, CidrRange | null>();

/** The range of a CIDR text, or undefined when it is not one. */
export function cidrRange(text: string): CidrRange | undefined {
  const known = rangeCache.get(text);
  if (known !== undefined) return known ?? undefined;
  const c = tryParseCidr(text);
  const range = c
    ? { family: c.family, first: c.network, last: broadcast(c), prefix: c.prefix }
    : null;
  if (rangeCache.size >= RANGE_CACHE_SIZE) rangeCache.clear();
  rangeCache.set(text, range);
  return range ?? undefined;
}

function rangeOf(c: Cidr | string): CidrRange {
  if (typeof c !== 'string')
    return { family: c.family, first: c.network, last: broadcast(c), prefix: c.prefix };
  const r = cidrRange(c);
  if (!r) throw new CidrError(c);
  return r;
}

function rangesOverlap(x: CidrRange, y: CidrRange): boolean {
  return x.family === y.family && x.first <= y.last && y.first <= x.last;
}

/**
 * A set of blocks merged into sorted, disjoint ranges per family, so "does this block overlap
 * any of the set" is a binary search instead of a scan. Texts that are not CIDR blocks are
 * left out (models are validated before they reach the view).
 */
export class CidrSet {
  private readonly ranges: { 4: Array<[bigint, bigint]>; 6: Array<[bigint, bigint]> } = {
    4: [],
    6: [],
  };

  constructor(cidrs: Iterable<string>) {
    const byFamily: { 4: CidrRange[]; 6: CidrRange[] } = { 4: [], 6: [] };
    for (const text of cidrs) {
      const r = cidrRange(text);
      if (r) byFamily[r.family].push(r);
    }
    for (const family of [4, 6] as const) {
      const sorted = byFamily[family].sort((a, b) =>
        a.first < b.first ? -1 : a.first > b.first ? 1 : 0,
      );
      const merged = this.ranges[family];
      for (const r of sorted) {
        const top = merged[merged.length - 1];
        if (top && r.first <= top[1] + 1n) {
          if (r.last > top[1]) top[1] = r.last;
        } else {
          merged.push([r.first, r.last]);
        }
      }
    }
  }

  get empty(): boolean {
    return this.ranges[4].length === 0 && this.ranges[6].length === 0;
  }

  /** True when the block shares an address with the set. */
  overlaps(text: string): boolean {
    const r = cidrRange(text);
    if (!r) return false;
    const list = this.ranges[r.family];
    // The last merged range starting at or before r.last is the only one that can overlap.
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as [bigint, bigint])[0] <= r.last) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found >= 0 && (list[found] as [bigint, bigint])[1] >= r.first;
  }

  overlapsAny(texts: readonly string[]): boolean {
    return texts.some((t) => this.overlaps(t));
  }
}

/** True when every address of `inner` is inside `outer` (same family only). */
export function cidrContains(outer: Cidr | string, inner: Cidr | string): boolean {
  const o = rangeOf(outer);
  const i = rangeOf(inner);
  return o.family === i.family && o.first <= i.first && i.last <= o.last;
}

/** True when the two blocks share at least one address (same family only). */
export function cidrOverlaps(a: Cidr | string, b: Cidr | string): boolean {
  return rangesOverlap(rangeOf(a), rangeOf(b));
}

/** True when any block of `as` overlaps any block of `bs`. */
export function anyOverlap(as: readonly string[], bs: readonly string[]): boolean {
  // Pairwise for the usual handful of blocks; through a merged set when the product is large.
  if (as.length * bs.length > 64) return new CidrSet(bs).overlapsAny(as);
  return as.some((a) => bs.some((b) => cidrOverlaps(a, b)));
}

function formatIpv6(value: bigint): string {
  const hextets: number[] = [];
  for (let i = 7; i >= 0; i--) hextets.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero hextets, the first one on ties.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (hextets[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && hextets[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = hextets.map((h) => h.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

/** Canonical text: "10.0.0.0/16", "2001:db8::/32". */
export function formatCidr(c: Cidr): string {
  if (c.family === 4) {
    const n = c.network;
    const octets = [24n, 16n, 8n, 0n].map((s) => Number((n >> s) & 0xffn));
    return `${octets.join('.')}/${c.prefix}`;
  }
  return `${formatIpv6(c.network)}/${c.prefix}`;
}

/** Canonical form of a CIDR text, or undefined when it is not one. */
export function normalizeCidr(text: string): string | undefined {
  const c = tryParseCidr(text);
  return c ? formatCidr(c) : undefined;
}

/** The all-addresses block of a family (0.0.0.0/0 or ::/0), used as a placeholder by some APIs. */
export function isDefaultRoute(text: string): boolean {
  const c = tryParseCidr(text);
  return c !== undefined && c.prefix === 0;
}
