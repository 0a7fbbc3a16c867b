import { isIP } from 'node:net';
import {
  flagField,
  intArg,
  intField,
  oneOf,
  type HandlerContext,
  type HandlerTable,
} from './handler';

/** Timers, MTU, routing, pushed-option filters and the meta directives. */

function netmaskBits(ctx: HandlerContext, mask: string): number {
  if (isIP(mask) !== 4) ctx.fail(`route: netmask "${mask}" is not an IPv4 netmask`);
  const value = mask.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const inverted = 0xffffffff - value;
  if ((inverted & (inverted + 1)) !== 0) ctx.fail(`route: netmask "${mask}" is not contiguous`);
  return 32 - Math.log2(inverted + 1);
}

const ROUTE_GATEWAY_KEYWORDS = ['vpn_gateway', 'net_gateway', 'remote_host', 'default'];

function gatewayArg(
  ctx: HandlerContext,
  gateway: string | undefined,
  family: 4 | 6,
): string | undefined {
  if (gateway === undefined || gateway === 'default') return undefined;
  if (ROUTE_GATEWAY_KEYWORDS.includes(gateway) || isIP(gateway) === family) return gateway;
  return ctx.fail(`${ctx.name}: gateway "${gateway}" is not an address or vpn_gateway/net_gateway`);
}

function metricArg(ctx: HandlerContext, metric: string | undefined): { metric?: number } {
  if (metric === undefined || metric === 'default') return {};
  return { metric: intArg(ctx, metric, 0, 0x7fffffff) };
}

const REDIRECT_FLAGS = [
  'local',
  'autolocal',
  'def1',
  'bypass-dhcp',
  'bypass-dns',
  'block-local',
  'ipv6',
  '!ipv4',
];

export const runtimeHandlers: HandlerTable = {
  'reneg-sec': {
    min: 1,
    max: 2,
    run: ([seconds], ctx) => {
      ctx.draft.fields.renegSec = intArg(ctx, seconds, 0, 1_000_000_000);
    },
  },
  'reneg-bytes': intField('renegBytes', 0, Number.MAX_SAFE_INTEGER),
  'reneg-pkts': intField('renegPackets', 0, Number.MAX_SAFE_INTEGER),
  // Up to 2,000,000 s (23 days): a node timer cannot wait longer than 2^31-1 ms.
  'tran-window': intField('tranWindow', 0, 2_000_000),
  'replay-window': {
    min: 1,
    max: 2,
    run: ([packets, seconds], ctx) => {
      // packet_id.h MIN/MAX_SEQ_BACKTRACK and MIN/MAX_TIME_BACKTRACK, DEFAULT_TIME_BACKTRACK.
      ctx.draft.fields.replayWindow = {
        packets: intArg(ctx, packets, 0, 65536),
        seconds: seconds === undefined ? 15 : intArg(ctx, seconds, 0, 600),
      };
    },
  },
  ping: intField('ping', 0, 1_000_000),
  'ping-restart': intField('pingRestart', 0, 1_000_000),
  'ping-exit': intField('pingExit', 0, 1_000_000),
  keepalive: {
    min: 2,
    max: 2,
    run: ([interval, timeout], ctx) => {
      const ping = intArg(ctx, interval, 1, 1_000_000);
      const restart = intArg(ctx, timeout, 1, 1_000_000);
      if (restart < ping * 2)
        ctx.fail('keepalive: the timeout must be at least twice the interval');
      ctx.draft.fields.ping = ping;
      ctx.draft.fields.pingRestart = restart;
    },
  },
  'explicit-exit-notify': {
    min: 0,
    max: 1,
    run: ([count], ctx) => {
      ctx.draft.fields.explicitExitNotify = count === undefined ? 1 : intArg(ctx, count, 0, 100);
    },
  },
  mssfix: {
    min: 0,
    max: 2,
    run: ([bytes, mode], ctx) => {
      if (mode !== undefined) oneOf(ctx, mode, ['mtu', 'fixed'] as const);
      if (bytes !== undefined) ctx.draft.fields.mssfix = intArg(ctx, bytes, 0, 65535);
    },
  },
  'tun-mtu': intField('tunMtu', 576, 65535),
  route: {
    min: 1,
    max: 4,
    run: ([network = '', netmask = '255.255.255.255', gateway, metric], ctx) => {
      if (isIP(network) !== 4) ctx.fail(`route: "${network}" is not an IPv4 address`);
      const destination = `${network}/${netmaskBits(ctx, netmask === 'default' ? '255.255.255.255' : netmask)}`;
      const via = gatewayArg(ctx, gateway, 4);
      (ctx.draft.fields.routes ??= []).push({
        destination,
        ...(via ? { gateway: via } : {}),
        ...metricArg(ctx, metric),
      });
    },
  },
  'route-ipv6': {
    min: 1,
    max: 3,
    run: ([network = '', gateway, metric], ctx) => {
      const [address = '', bits = '128'] = network.split('/');
      if (isIP(address) !== 6) ctx.fail(`route-ipv6: "${network}" is not an IPv6 network`);
      const prefix = intArg(ctx, bits, 0, 128);
      const via = gatewayArg(ctx, gateway, 6);
      (ctx.draft.fields.routes ??= []).push({
        destination: `${address}/${prefix}`,
        ...(via ? { gateway: via } : {}),
        ...metricArg(ctx, metric),
      });
    },
  },
  'route-nopull': flagField('routeNoPull'),
  'redirect-gateway': {
    min: 0,
    max: 8,
    run: (flags, ctx) => {
      for (const f of flags) {
        if (!REDIRECT_FLAGS.includes(f)) ctx.fail(`redirect-gateway: unknown flag "${f}"`);
      }
      ctx.draft.fields.redirectGateway = { flags };
    },
  },
  'pull-filter': {
    min: 2,
    max: 2,
    run: ([action, text = ''], ctx) => {
      const kind = oneOf(ctx, action, ['accept', 'ignore', 'reject'] as const);
      (ctx.draft.fields.pullFilters ??= []).push({ action: kind, text });
    },
  },
  'dhcp-option': {
    min: 1,
    max: 2,
    run: ([type = '', value], ctx) => {
      (ctx.draft.fields.dhcpOptions ??= []).push({
        type: type.toUpperCase(),
        ...(value === undefined ? {} : { value }),
      });
    },
  },
  dns: {
    min: 2,
    max: 8,
    run: (args, ctx) => {
      (ctx.draft.fields.dnsOptions ??= []).push(args);
    },
  },
  setenv: {
    min: 1,
    max: 2,
    run: ([name = '', value = ''], ctx) => {
      if (name === 'FORWARD_COMPATIBLE' && value === '1') {
        ctx.draft.forwardCompatible = true;
      } else if (/^(IV|UV)_[A-Za-z0-9_]+$/.test(name)) {
        (ctx.draft.fields.peerInfoExtras ??= {})[name] = value;
      } else {
        ctx.warn(`setenv ${name} is ignored: Gangway runs no scripts to read it`);
      }
    },
  },
  'ignore-unknown-option': {
    min: 1,
    max: Infinity,
    run: (names, ctx) => {
      for (const n of names) ctx.draft.optionalUnknown.add(n);
    },
  },
};
