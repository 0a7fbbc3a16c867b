import { describe, expect, it } from 'vitest';
import { isForeignChange, RouteMonitor } from '../../../src/core/platform/linux/route-monitor';

describe('RouteMonitor', () => {
  it("ignores lines about Gangway's own devices, not the others", () => {
    expect(isForeignChange('2: gangway5: <POINTOPOINT,MULTICAST,NOARP> mtu 1500 qdisc noop')).toBe(
      false,
    );
    expect(isForeignChange('2: gangway5    inet 10.9.9.2/24 scope global gangway5')).toBe(false);
    expect(isForeignChange('10.9.9.0/24 dev gangway5 proto kernel scope link src 10.9.9.2')).toBe(
      false,
    );
    expect(isForeignChange('default via 203.0.113.65 dev ub0')).toBe(true);
    expect(isForeignChange('Deleted 3: ua0    inet 203.0.113.2/26 scope global ua0')).toBe(true);
    expect(isForeignChange('4: gangwayish0: <UP> mtu 1500')).toBe(true);
    expect(isForeignChange('   ')).toBe(false);
  });

  it('says why when there is no ip program, and calls nothing', () => {
    const reasons: string[] = [];
    const stop = new RouteMonitor('').watch(
      () => reasons.push('change'),
      (why) => reasons.push(why),
    );
    stop();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/install iproute2/);
  });
});
