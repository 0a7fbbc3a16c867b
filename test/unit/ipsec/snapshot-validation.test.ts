import { describe, expect, it } from 'vitest';
import { GangwayError } from '../../../src/core/errors';
import { IPSEC_LIMITS } from '../../../src/core/ipsec/limits';
import { parseSnapshot, toSnapshot } from '../../../src/core/ipsec/snapshot';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import { buildView } from '../../../src/core/ipsec/view';
import * as fx from '../../support/ipsec-fixtures';

/**
 * A snapshot is untrusted input: every field the view reads is checked at the boundary, and a
 * bad one is a snapshot-invalid error naming its path, never an "internal error" later.
 */

type Json = Record<string, unknown>;
interface SnapshotModel {
  gateways: Json[];
  peers: Json[];
  tunnels: Json[];
  routes: Json[];
  networks: Json[];
}

function goodSnapshot(): { model: SnapshotModel } {
  return JSON.parse(toSnapshot(normalizeTencent(fx.allScenarios(), '2026-01-02T03:04:05Z'))) as {
    model: SnapshotModel;
  };
}

/** The error parsing (then viewing) the snapshot fails with. */
function failure(file: unknown): unknown {
  try {
    const text = typeof file === 'string' ? file : JSON.stringify(file);
    buildView(parseSnapshot(text, 'bad.json'));
  } catch (err) {
    return err;
  }
  return new Error('accepted');
}

function expectInvalid(file: unknown, why: string): void {
  const err = failure(file);
  expect(err).toBeInstanceOf(GangwayError);
  expect(err).toMatchObject({
    code: 'snapshot-invalid',
    message: `bad.json is not a usable IPsec snapshot: ${why}`,
  });
}

describe('snapshot validation names the bad field', () => {
  const cases: Array<[string, (s: ReturnType<typeof goodSnapshot>) => void, string]> = [
    [
      'a gateway without a name',
      (s) => delete s.model.gateways[0]?.name,
      'model.gateways[0].name: expected string of 0..4096 characters, got undefined',
    ],
    [
      'a tunnel whose name is a number',
      (s) => ((s.model.tunnels[1] as Json).name = 42),
      'model.tunnels[1].name: expected string of 0..4096 characters, got number',
    ],
    [
      'a tunnel without a gateway id',
      (s) => delete s.model.tunnels[0]?.gatewayId,
      'model.tunnels[0].gatewayId: expected string of 0..512 characters, got undefined',
    ],
    [
      'a route whose destination is not a CIDR block',
      (s) => ((s.model.routes[0] as Json).destination = '10.0.0.0/33'),
      'model.routes[0].destination: not a CIDR block: "10.0.0.0/33"',
    ],
    [
      'a route whose priority is a string',
      (s) => ((s.model.routes[0] as Json).priority = '0'),
      'model.routes[0].priority: expected number, got string',
    ],
    [
      'a network CIDR that is a number',
      (s) => ((s.model.networks[0] as Json).cidrs = [10]),
      'model.networks[0].cidrs[0]: expected a CIDR block such as 10.0.0.0/16, got number',
    ],
    [
      'a CCN-published destination that is not a CIDR block',
      (s) => {
        const g = s.model.gateways[0] as Json;
        g.ccnPublished = [{ destination: 'everything', enabled: true }];
      },
      'model.gateways[0].ccnPublished[0].destination: not a CIDR block: "everything"',
    ],
    [
      'an SPD remote list that is a string',
      (s) => {
        const t = s.model.tunnels.find((x) => (x.spd as unknown[]).length) as Json;
        (t.spd as Json[])[0] = { local: '10.0.0.0/16', remote: '172.16.1.0/24' };
      },
      'model.tunnels[0].spd[0].remote: expected array of CIDR block, got string',
    ],
    [
      'a network kind outside the union',
      (s) => ((s.model.networks[0] as Json).kind = 'internet'),
      'model.networks[0].kind: expected one of "vpc", "site", "ccn", got "internet"',
    ],
    [
      'a peer list that is an object',
      (s) => ((s.model as unknown as Json).peers = { 0: {} }),
      'model.peers: expected array of object, got object',
    ],
    [
      'a null source',
      (s) => ((s.model as unknown as Json).source = null),
      'model.source: expected object, got null',
    ],
    [
      'an id longer than the IPC schema allows',
      (s) => ((s.model.tunnels[0] as Json).id = 'x'.repeat(513)),
      'model.tunnels[0].id: expected string of 0..512 characters, got 513',
    ],
    [
      'a negative byte counter',
      (s) => ((s.model.tunnels[0] as Json).bytesIn = -1),
      'model.tunnels[0].bytesIn: expected number in 0..inf, got -1',
    ],
  ];
  it.each(cases)('%s', (_what, breakIt, why) => {
    const snapshot = goodSnapshot();
    breakIt(snapshot);
    expectInvalid(snapshot, why);
  });

  it('a long bad value is cut short in the message', () => {
    const snapshot = goodSnapshot();
    (snapshot.model.routes[0] as Json).destination = '1'.repeat(10_000);
    expectInvalid(snapshot, `model.routes[0].destination: not a CIDR block: "${'1'.repeat(40)}…"`);
  });
});

describe('snapshot bounds', () => {
  it('deep nesting is refused before parsing, without a stack overflow', () => {
    const deep = `{"format":"gangway-ipsec-snapshot","version":1,"model":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    expectInvalid(deep, 'the JSON is nested deeper than 32 levels');
    const deepInExtra = goodSnapshot() as unknown as Json;
    let nest: unknown = 1;
    for (let i = 0; i < 40; i++) nest = { x: nest };
    deepInExtra.comment = nest;
    expectInvalid(deepInExtra, 'the JSON is nested deeper than 32 levels');
  });

  it('millions of values are refused before parsing', () => {
    const started = Date.now();
    const many = `{"format":"gangway-ipsec-snapshot","version":1,"model":[${'{},'.repeat(3_000_000)}{}]}`;
    expectInvalid(many, 'the JSON is more than 1000000 values');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('more tunnels than the limit is refused with the count', () => {
    const snapshot = goodSnapshot();
    const t = snapshot.model.tunnels[0] as Json;
    snapshot.model.tunnels = Array.from({ length: IPSEC_LIMITS.tunnels + 1 }, (_, i) => ({
      ...t,
      id: `t${i}`,
    }));
    expectInvalid(snapshot, `model.tunnels: more than ${IPSEC_LIMITS.tunnels} items`);
  });

  it('more SPD blocks in all than the limit is refused with the count', () => {
    const snapshot = goodSnapshot();
    const t = snapshot.model.tunnels[0] as Json;
    const entry = { local: '10.0.0.0/16', remote: Array.from({ length: 49 }, () => '10.9.0.0/16') };
    snapshot.model.tunnels = Array.from({ length: 3 }, (_, i) => ({
      ...t,
      id: `t${i}`,
      spd: Array.from({ length: 40 }, () => entry),
    }));
    expectInvalid(
      snapshot,
      `larger than Gangway can show: 6000 SPD blocks in all tunnels, at most ${IPSEC_LIMITS.spdCidrs}`,
    );
  });
});
