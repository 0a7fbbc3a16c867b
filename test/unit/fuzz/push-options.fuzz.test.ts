import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parsePushedOptions } from '../../../src/core/openvpn/push/parse-pushed-options';
import { applyPullFilters } from '../../../src/core/openvpn/push/pull-filter';
import {
  PushReplyAccumulator,
  pushReplyOptions,
} from '../../../src/core/openvpn/push/push-accumulator';
import { fuzzRuns, fuzzSync, PROTOTYPE_NAMES, timeoutFor } from './fuzz-support';

/**
 * PUSH_REPLY handling: whatever a server sends, options become a PushedConfig with warnings,
 * never an exception. Option names resolving through Object.prototype (hasOwnProperty,
 * __proto__) are among the names: a server that pushes them once crashed connect.
 */

const NAMES = [
  'ifconfig',
  'ifconfig-ipv6',
  'topology',
  'route-gateway',
  'route-metric',
  'route',
  'route-ipv6',
  'redirect-gateway',
  'redirect-private',
  'block-ipv6',
  'block-outside-dns',
  'dhcp-option',
  'dns',
  'peer-id',
  'cipher',
  'auth',
  'ping',
  'ping-restart',
  'ping-exit',
  'inactive',
  'tun-mtu',
  'auth-token',
  'auth-token-user',
  'protocol-flags',
  'key-derivation',
  'comp-lzo',
  'compress',
  'explicit-exit-notify',
  'setenv',
  'push-continuation',
  'echo',
  'frobnicate',
  ...PROTOTYPE_NAMES,
];

const WORDS = [
  '10.8.0.2',
  '255.255.255.0',
  '10.0.0.0',
  'vpn_gateway',
  'net_gateway',
  '2001:db8::1/64',
  '[2001:db8::1]:53',
  'fd00::1',
  'default',
  'def1',
  'ipv6',
  '!ipv4',
  'DNS',
  'DNS6',
  'DOMAIN',
  'DOMAIN-SEARCH',
  'server',
  'search-domains',
  'address',
  'resolve-domains',
  'dnssec',
  'transport',
  'sni',
  'opt',
  '0',
  '127',
  '128',
  '-1',
  '4294967296',
  '1e3',
  'subnet',
  'net30',
  'tls-ekm',
  'dyn-tls-crypt',
  'lz4-v2',
  'c2VjcmV0',
  '2',
  '"a b"',
  "'c d'",
  '\\',
];

const word = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

const option = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...NAMES), fc.array(word, { maxLength: 20 }))
      .map(([name, args]) => [name, ...args].join(' ')),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
);

const options = fc.array(option, { maxLength: 30 });
const RUNS = fuzzRuns(2000);

describe('pushed options', () => {
  it(
    'parse into a config with warnings, never throw',
    () => {
      fuzzSync('push-options parse', options, RUNS, (list) => {
        // A second reply merged into the first, as after renegotiation.
        const config = parsePushedOptions(list);
        parsePushedOptions(list.slice().reverse(), config);
      });
    },
    timeoutFor(RUNS),
  );

  it(
    'PUSH_REPLY chunks and pull filters never throw',
    () => {
      const rule = fc.record({
        action: fc.constantFrom('accept' as const, 'ignore' as const, 'reject' as const),
        text: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 8 })),
      });
      const chunk = fc
        .tuple(options, fc.constantFrom('', ',push-continuation 2', ',push-continuation 1'))
        .map(([list, tail]) => `PUSH_REPLY,${list.join(',')}${tail}`);
      fuzzSync(
        'push-options reply',
        fc.tuple(fc.array(chunk, { minLength: 1, maxLength: 4 }), fc.array(rule, { maxLength: 4 })),
        RUNS,
        ([chunks, rules]) => {
          const accumulator = new PushReplyAccumulator();
          for (const message of chunks) {
            pushReplyOptions(message);
            const complete = accumulator.add(message);
            if (complete) parsePushedOptions(applyPullFilters(complete, rules).accepted);
          }
        },
      );
    },
    timeoutFor(RUNS),
  );
});
