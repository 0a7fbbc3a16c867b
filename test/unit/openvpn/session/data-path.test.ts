import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCompressionFraming } from '../../../../src/core/openvpn/data/compression';
import { buildPing, PING_MAGIC } from '../../../../src/core/openvpn/data/in-band';
import { DataPath } from '../../../../src/core/openvpn/session/data-path';
import type { Link } from '../../../../src/core/openvpn/session/link';
import { StatsCounter } from '../../../../src/core/openvpn/session/stats';
import { FakeTunDevice } from '../../../../src/core/platform/fake-tun';

/** Just the part of Link the data path uses. */
function fakeLink() {
  const sent: Buffer[] = [];
  const link = {
    lastSentAt: Date.now(),
    lastReceivedAt: Date.now(),
    encryptAndSend(payloads: Buffer[]) {
      sent.push(...payloads);
      this.lastSentAt = Date.now();
      return true;
    },
    sendPayload(p: Buffer) {
      this.encryptAndSend([p]);
    },
  };
  return { link, sent };
}

function setup(compression: 'none' | 'lzo' = 'none', ping = 10, pingRestart = 60) {
  const { link, sent } = fakeLink();
  const tun = new FakeTunDevice('tun0', { mtu: 1500, routes: [] });
  const stats = new StatsCounter();
  const timeouts: string[] = [];
  const path = new DataPath({
    link: link as unknown as Link,
    tun,
    framing: createCompressionFraming(compression),
    maxMss: 0,
    stats,
    ping,
    pingRestart,
    onPingTimeout: () => timeouts.push('ping-restart'),
    log: () => undefined,
  });
  return { link, sent, tun, stats, path, timeouts };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('DataPath', () => {
  it('frames TUN packets (comp-lzo → 0xFA, never compressed) and counts them', () => {
    const h = setup('lzo');
    h.tun.inject([Buffer.from([0x45, 1, 2]), Buffer.from([0x45, 3])]);
    expect(h.sent).toEqual([Buffer.from([0xfa, 0x45, 1, 2]), Buffer.from([0xfa, 0x45, 3])]);
    expect(h.stats.snapshot()).toMatchObject({ packetsOut: 2, bytesOut: 5 });
    h.path.stop();
  });

  it('unframes, drops pings, and hands each batch to the TUN at once', () => {
    const h = setup('lzo');
    h.path.fromLink([
      Buffer.from([0xfa, 0x45, 9]),
      Buffer.concat([Buffer.from([0xfa]), PING_MAGIC]),
      Buffer.from([0xfa, 0x45, 8]),
    ]);
    h.path.fromLink([Buffer.from([0x12, 0x45])]); // unknown framing byte: dropped
    expect(h.tun.written).toEqual([Buffer.from([0x45, 9]), Buffer.from([0x45, 8])]);
    expect(h.stats.snapshot()).toMatchObject({ packetsIn: 2, bytesIn: 4 });
    h.path.stop();
  });

  it('sends a keepalive ping after `ping` idle seconds and fires ping-restart', () => {
    vi.useFakeTimers();
    const h = setup('none', 2, 5);
    vi.advanceTimersByTime(2000);
    expect(h.sent).toEqual([buildPing()]);
    vi.advanceTimersByTime(3000);
    expect(h.timeouts).toEqual(['ping-restart']);
    h.path.stop();
  });
});

describe('DataPath ping-exit', () => {
  it('ends the session after ping-exit seconds of silence', () => {
    vi.useFakeTimers();
    const { link } = fakeLink();
    const ended: string[] = [];
    const path = new DataPath({
      link: link as unknown as Link,
      tun: new FakeTunDevice('tun0', { mtu: 1500, routes: [] }),
      framing: createCompressionFraming('none'),
      maxMss: 0,
      stats: new StatsCounter(),
      ping: 0,
      pingRestart: 60,
      onPingTimeout: () => ended.push('restart'),
      pingExit: 3,
      onPingExit: () => ended.push('exit'),
      log: () => undefined,
    });
    vi.advanceTimersByTime(3000);
    expect(ended).toEqual(['exit']);
    path.stop();
  });
});
