import type { TransportProto } from './profile';
import {
  flagField,
  intArg,
  intField,
  oneOf,
  type DirectiveHandler,
  type HandlerContext,
  type HandlerTable,
} from './handler';

/** Directives that say where and how to reach the server. */

interface ProtoSpec {
  proto: TransportProto;
  family?: 4 | 6;
}

const PROTOS: ReadonlyMap<string, ProtoSpec> = new Map<string, ProtoSpec>([
  ['udp', { proto: 'udp' }],
  ['udp4', { proto: 'udp', family: 4 }],
  ['udp6', { proto: 'udp', family: 6 }],
  ['tcp', { proto: 'tcp' }],
  ['tcp-client', { proto: 'tcp' }],
  ['tcp4', { proto: 'tcp', family: 4 }],
  ['tcp6', { proto: 'tcp', family: 6 }],
  ['tcp4-client', { proto: 'tcp', family: 4 }],
  ['tcp6-client', { proto: 'tcp', family: 6 }],
]);

function protoArg(ctx: HandlerContext, value: string): ProtoSpec {
  const spec = PROTOS.get(value.toLowerCase());
  if (!spec) {
    const why = value.toLowerCase().includes('server') ? ' (that is a server setting)' : '';
    return ctx.fail(`${ctx.name}: unknown protocol "${value}"${why}; use udp or tcp`);
  }
  return spec;
}

const portArg = (ctx: HandlerContext, value: string | undefined): number =>
  intArg(ctx, value, 1, 65535);

function hostArg(ctx: HandlerContext, value: string): string {
  if (value.length > 253 || /[\s/\\]/.test(value) || value.startsWith('-')) {
    ctx.fail(`remote: "${value}" is not a host name or address`);
  }
  return value;
}

/** `port` and its alias `rport`: the port of remotes that name none. */
const defaultPort: DirectiveHandler = {
  min: 1,
  max: 1,
  run: ([port], ctx) => {
    ctx.draft.defaultPort = portArg(ctx, port);
  },
};

export const connectionHandlers: HandlerTable = {
  client: flagField('pull'),
  pull: flagField('pull'),
  'tls-client': { min: 0, max: 0, run: () => undefined },
  dev: {
    min: 1,
    max: 1,
    run: ([dev = ''], ctx) => {
      if (!/^tun\d*$/.test(dev)) {
        ctx.fail(`dev: only "dev tun" is supported (got "${dev}")`);
      }
    },
  },
  'dev-type': { min: 1, max: 1, run: ([type], ctx) => void oneOf(ctx, type, ['tun'] as const) },
  'tun-ipv6': { min: 0, max: 0, run: () => undefined },
  remote: {
    min: 1,
    max: 3,
    run: ([host = '', port, proto], ctx) => {
      const spec = proto === undefined ? undefined : protoArg(ctx, proto);
      ctx.draft.remotes.push({
        host: hostArg(ctx, host),
        line: ctx.line,
        ...(port === undefined ? {} : { port: portArg(ctx, port) }),
        ...(spec ? { proto: spec.proto, ...(spec.family ? { family: spec.family } : {}) } : {}),
      });
    },
  },
  proto: {
    min: 1,
    max: 1,
    run: ([value = ''], ctx) => {
      const spec = protoArg(ctx, value);
      ctx.draft.defaultProto = spec.proto;
      ctx.draft.defaultFamily = spec.family;
    },
  },
  port: defaultPort,
  rport: defaultPort,
  lport: intField('localPort', 0, 65535),
  nobind: { min: 0, max: 0, run: () => undefined },
  'remote-random': flagField('remoteRandom'),
  'connect-retry': {
    min: 1,
    max: 2,
    run: ([initial, max], ctx) => {
      const first = intArg(ctx, initial, 0, 86400);
      const cap = max === undefined ? Math.max(300, first) : intArg(ctx, max, 0, 86400);
      ctx.draft.fields.connectRetry = { initial: first, max: cap };
    },
  },
  'connect-retry-max': intField('connectRetryMax', 1, 1_000_000),
  'server-poll-timeout': intField('serverPollTimeout', 1, 86400),
  // The older name of server-poll-timeout.
  'connect-timeout': intField('serverPollTimeout', 1, 86400),
  'resolv-retry': {
    min: 1,
    max: 1,
    run: ([n = ''], ctx) => {
      ctx.draft.fields.resolvRetry =
        n.toLowerCase() === 'infinite' ? 'infinite' : intArg(ctx, n, 0, 1_000_000_000);
    },
  },
};
