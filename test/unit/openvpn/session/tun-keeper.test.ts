import { describe, expect, it } from 'vitest';
import { TunKeeper } from '../../../../src/core/openvpn/session/tun-keeper';
import { GangwayError } from '../../../../src/core/errors';
import type { TunConfig } from '../../../../src/core/platform/network';
import { FakeTunProvider } from '../../../../src/core/platform/fake-tun';

const config = (address: string): TunConfig => ({
  mtu: 1500,
  ipv4: { address, prefixLength: 24 },
  routes: [{ destination: '10.99.0.0/24', gateway: '10.8.0.1' }],
});

describe('TunKeeper (persist-tun)', () => {
  it('keeps the device across attempts while the pushed configuration is the same', async () => {
    const provider = new FakeTunProvider();
    const keeper = new TunKeeper(provider, () => undefined);
    const first = await keeper.acquire(config('10.8.0.2'));
    const got: Buffer[][] = [];
    first.onPackets((p) => got.push(p));
    await first.close(); // an attempt's own close only detaches
    keeper.detach();
    provider.devices[0]?.inject([Buffer.from('between attempts')]);
    const second = await keeper.acquire(config('10.8.0.2'));
    second.onPackets((p) => got.push(p));
    provider.devices[0]?.inject([Buffer.from('second attempt')]);
    expect(provider.devices).toHaveLength(1);
    expect(provider.devices[0]?.closed).toBe(false);
    expect(got.map((b) => b[0]?.toString())).toEqual(['second attempt']);
    expect(keeper.droppedWhileDetached).toBe(1);
    await keeper.close();
    expect(provider.devices[0]?.closed).toBe(true);
  });

  it('replaces the device when the server pushes a different configuration, and says so', async () => {
    const provider = new FakeTunProvider();
    const logs: string[] = [];
    const keeper = new TunKeeper(provider, (_level, message) => logs.push(message));
    await keeper.acquire(config('10.8.0.2'));
    keeper.detach();
    const next = await keeper.acquire(config('10.8.0.3'));
    expect(provider.devices).toHaveLength(2);
    expect(provider.devices[0]?.closed).toBe(true);
    expect(next.name).toBe('tun1');
    expect(logs.join('\n')).toMatch(/different configuration.*cannot change tun0 in place/);
    await keeper.close();
  });

  it('fails the next attempt with the reason when the kept device went away by itself', async () => {
    const provider = new FakeTunProvider();
    const keeper = new TunKeeper(provider, () => undefined);
    await keeper.acquire(config('10.8.0.2'));
    keeper.detach();
    // The helper died between attempts: the fake's closed listeners get the error.
    const device = provider.devices[0];
    const error = new GangwayError('helper-failed', 'the TUN helper stopped unexpectedly');
    (
      device as unknown as { closedListeners: Array<(e?: GangwayError) => void> }
    ).closedListeners.forEach((l) => l(error));
    await expect(keeper.acquire(config('10.8.0.2'))).rejects.toBe(error);
    await keeper.close();
  });
});

describe('TunKeeper after a network change', () => {
  it('sets a redirect-gateway device up again (its host route follows the old gateway), keeps others', async () => {
    const provider = new FakeTunProvider();
    const logs: string[] = [];
    const keeper = new TunKeeper(provider, (_level, message) => logs.push(message));
    const redirect: TunConfig = {
      ...config('10.8.0.2'),
      redirectGateway: { ipv4: true, ipv6: false, serverAddresses: ['198.51.100.1'] },
    };
    await keeper.acquire(redirect);
    expect(keeper.redirectsGateway).toBe(true);
    keeper.detach();
    keeper.notePathChange();
    await keeper.acquire(redirect);
    expect(provider.devices).toHaveLength(2);
    expect(provider.devices[0]?.closed).toBe(true);
    expect(logs.join('\n')).toMatch(/route to the server follows the new gateway/);
    keeper.detach();
    await keeper.acquire(redirect); // no change since: kept
    expect(provider.devices).toHaveLength(2);
    await keeper.close();

    const plain = new TunKeeper(new FakeTunProvider(), () => undefined);
    const first = await plain.acquire(config('10.8.0.2'));
    plain.notePathChange();
    expect((await plain.acquire(config('10.8.0.2'))).name).toBe(first.name);
    await plain.close();
  });
});
