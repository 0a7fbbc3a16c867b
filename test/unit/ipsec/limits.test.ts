import { describe, expect, it } from 'vitest';
import { GangwayError } from '../../../src/core/errors';
import { IPSEC_LIMITS, modelLimitProblem } from '../../../src/core/ipsec/limits';
import type { IpsecView } from '../../../src/core/ipsec/model';
import { formatView } from '../../../src/core/ipsec/report';
import { buildView } from '../../../src/core/ipsec/view';
import { largeModel, type LargeShape } from '../../support/ipsec-large';

/**
 * The view of the largest model the limits accept is derived in under 2 s, and its findings
 * stay a readable list: at most IPSEC_LIMITS.findingsPerCode of a code plus one that counts
 * the rest. CPU time is measured rather than wall time, because the test machine is shared.
 */

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('the largest accepted models', () => {
  it.each<LargeShape>(['overlapping-spd', 'disjoint-remotes', 'many-sites'])(
    '%s: within the limits, viewed in under 2 s of CPU, findings capped',
    (shape) => {
      const model = largeModel(shape);
      expect(modelLimitProblem(model)).toBeUndefined();
      let view: IpsecView | undefined;
      const used = cpuMs(() => {
        view = buildView(model);
      });
      expect(used).toBeLessThan(2_000);
      const perCode = new Map<string, number>();
      for (const f of view?.findings ?? []) perCode.set(f.code, (perCode.get(f.code) ?? 0) + 1);
      for (const n of perCode.values())
        expect(n).toBeLessThanOrEqual(IPSEC_LIMITS.findingsPerCode + 1);
      expect(view?.reachability.length).toBe(IPSEC_LIMITS.networks * (IPSEC_LIMITS.networks - 1));
    },
    60_000,
  );

  it('n² SPD overlaps become a hundred findings and one that counts the rest', () => {
    const view = buildView(largeModel('overlapping-spd'));
    const overlaps = view.findings.filter((f) => f.code === 'spd-overlap');
    expect(overlaps).toHaveLength(IPSEC_LIMITS.findingsPerCode + 1);
    const entries = (IPSEC_LIMITS.spdCidrs / IPSEC_LIMITS.tunnels / 2) * IPSEC_LIMITS.tunnels;
    const pairs = (entries * (entries - 1)) / 2;
    expect(overlaps.at(-1)?.message).toBe(
      `…and ${pairs - IPSEC_LIMITS.findingsPerCode} more pairs of overlapping SPD rules, not listed one by one (only the first ${IPSEC_LIMITS.findingsPerCode} are).`,
    );
  });

  it('a model over a limit is refused by buildView with what is over', () => {
    const model = largeModel('many-sites');
    model.tunnels.push({ ...(model.tunnels[0] as (typeof model.tunnels)[0]), id: 'one-more' });
    expect(() => buildView(model)).toThrow(GangwayError);
    expect(() => buildView(model)).toThrow(
      `large many-sites gave data Gangway cannot show: model.tunnels: more than ${IPSEC_LIMITS.tunnels} items`,
    );
    const spread = largeModel('disjoint-remotes');
    const t = spread.tunnels[0] as (typeof spread.tunnels)[0];
    t.spd = Array.from({ length: 40 }, (_, i) => ({
      local: `10.${i}.0.0/16`,
      remote: ['172.16.0.0/12'],
    }));
    expect(() => buildView(spread)).toThrow(
      `large disjoint-remotes is larger than Gangway can show: ${IPSEC_LIMITS.spdCidrs - 4 + 80} SPD blocks in all tunnels, at most ${IPSEC_LIMITS.spdCidrs}`,
    );
  });

  it('a model with a value the IPC schema refuses is refused by buildView with its path', () => {
    const model = largeModel('many-sites');
    (model.tunnels[3] as (typeof model.tunnels)[0]).name = 'x'.repeat(5000);
    expect(() => buildView(model)).toThrow(
      'large many-sites gave data Gangway cannot show: model.tunnels[3].name: expected string of 0..4096 characters, got 5000',
    );
  });

  it('text tables of 150,000 rows print without a stack overflow', () => {
    const view = buildView(largeModel('many-sites'));
    const route = view.routes[0] as IpsecView['routes'][0];
    const many: IpsecView = {
      ...view,
      routes: Array.from({ length: 150_000 }, (_, i) => ({ ...route, id: `r${i}` })),
    };
    expect(formatView(many).split('\n').length).toBeGreaterThan(150_000);
  });
});
