import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { IpsecModel } from '../../../src/core/ipsec/model';
import { ViciClient } from '../../../src/core/ipsec/vici/client';
import {
  encodePacket,
  PacketReader,
  PacketType,
  type Packet,
  type ViciSection,
} from '../../../src/core/ipsec/vici/codec';
import { normalizeVici } from '../../../src/core/ipsec/vici/normalize';
import {
  initiateTunnel,
  loadFromVici,
  terminateTunnel,
  tunnelNames,
  watchVici,
} from '../../../src/core/ipsec/vici/source';
import { buildView } from '../../../src/core/ipsec/view';
import capture from '../../support/ipsec-vici-capture.json';

/**
 * The VICI source against messages captured from a real charon 5.9 (the netns lab: idc1 up,
 * idc2 configured but its peer absent), served by a small fake VICI server.
 */

interface Capture {
  version: ViciSection;
  conns: ViciSection[];
  sas: ViciSection[];
}
const cap = capture as unknown as Capture;
const dir = mkdtempSync(path.join(tmpdir(), 'gwi-vici-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('normalizing captured list-conns / list-sas', () => {
  const model: IpsecModel = normalizeVici({ ...cap, label: 'capture' }, '2026-01-01T00:00:00Z');

  it('a child with an INSTALLED SA is up, a configured child without SA is down', () => {
    expect(model.tunnels.map((t) => [t.id, t.status])).toEqual([
      ['idc1/net', 'up'],
      ['idc2/net', 'down'],
    ]);
  });

  it('carries SPD, IKE/ESP parameters, DPD and counters', () => {
    const t = model.tunnels[0];
    expect(t).toMatchObject({
      name: 'idc1/net',
      routeType: 'policy',
      health: 'none',
      spd: [{ local: '10.0.0.0/16', remote: ['172.16.1.0/24'] }],
      ike: {
        version: 'IKEv2',
        encryption: 'AES_CBC',
        dhGroup: 'MODP_2048',
        remoteAddress: '203.0.113.2',
        remoteId: 'idc1',
      },
      ipsec: { encryption: 'AES_CBC', integrity: 'HMAC_SHA2_256_128' },
      dpd: { enabled: true, delaySeconds: 2 },
      bytesIn: 0,
      packetsOut: 0,
      sinceChangeSeconds: 1,
    });
    expect(model.tunnels[1]?.bytesIn).toBeUndefined();
  });

  it('networks: the local side and one site per peer; SPD keeps the sites apart', () => {
    expect(model.gateways[0]).toMatchObject({
      id: 'charon',
      name: 'charon-systemd 5.9.8',
      type: 'IPSEC',
    });
    expect(model.networks.map((n) => [n.kind, n.cidrs])).toEqual([
      ['vpc', ['10.0.0.0/16']],
      ['site', ['172.16.1.0/24']],
      ['site', ['172.16.2.0/24']],
    ]);
    const view = buildView(model);
    const r = (from: string, to: string): boolean | undefined =>
      view.reachability.find((x) => x.from === from && x.to === to)?.reachable;
    expect(r('local', 'site:peer:203.0.113.2')).toBe(true);
    expect(r('site:peer:203.0.113.2', 'site:peer:192.0.2.2')).toBe(false);
    expect(view.findings.map((f) => [f.code, f.subjects])).toEqual([
      ['destination-down', ['idc2/net']],
    ]);
  });

  it('tunnel ids split into IKE and CHILD names', () => {
    expect(tunnelNames('idc1/net')).toEqual({ ike: 'idc1', child: 'net' });
    expect(() => tunnelNames('idc1')).toThrow(/not a strongSwan tunnel id/);
  });
});

/** A fake charon: answers version/list-*, streams list events, pushes updown events, records requests. */
function fakeCharon(
  socketPath: string,
  state: { sas: ViciSection[] },
): Promise<{
  server: net.Server;
  requests: Packet[];
  push: (name: string, msg: ViciSection) => void;
}> {
  const requests: Packet[] = [];
  const clients = new Set<{ sock: net.Socket; events: Set<string> }>();
  const server = net.createServer((sock) => {
    const client = { sock, events: new Set<string>() };
    clients.add(client);
    const reader = new PacketReader();
    const send = (p: Packet): boolean => sock.write(encodePacket(p));
    sock.on('close', () => clients.delete(client));
    sock.on('data', (chunk: Buffer) => {
      for (const p of reader.push(chunk)) {
        requests.push(p);
        if (p.type === PacketType.EVENT_REGISTER) {
          client.events.add(p.name ?? '');
          send({ type: PacketType.EVENT_CONFIRM });
        } else if (p.type === PacketType.EVENT_UNREGISTER) {
          client.events.delete(p.name ?? '');
          send({ type: PacketType.EVENT_CONFIRM });
        } else if (p.name === 'version') {
          send({ type: PacketType.CMD_RESPONSE, message: cap.version });
        } else if (p.name === 'list-conns' || p.name === 'list-sas') {
          const [event, items] =
            p.name === 'list-conns' ? ['list-conn', cap.conns] : ['list-sa', state.sas];
          if (client.events.has(event))
            for (const m of items) send({ type: PacketType.EVENT, name: event, message: m });
          send({ type: PacketType.CMD_RESPONSE, message: {} });
        } else if (p.name === 'initiate' || p.name === 'terminate') {
          const ok = p.message?.ike === 'idc1';
          send({
            type: PacketType.CMD_RESPONSE,
            message: ok
              ? { success: 'yes' }
              : { success: 'no', errmsg: 'no matching config found' },
          });
        } else {
          send({ type: PacketType.CMD_UNKNOWN });
        }
      }
    });
  });
  const push = (name: string, message: ViciSection): void => {
    for (const c of clients)
      if (c.events.has(name)) c.sock.write(encodePacket({ type: PacketType.EVENT, name, message }));
  };
  return new Promise((resolve) =>
    server.listen(socketPath, () => resolve({ server, requests, push })),
  );
}

describe('VICI client and source against a fake charon', () => {
  let server: net.Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('loads the model with list-conns/list-sas streamed as events', async () => {
    const sock = path.join(dir, 'a.vici');
    const fake = await fakeCharon(sock, { sas: cap.sas });
    server = fake.server;
    const model = await loadFromVici(`unix://${sock}`);
    expect(model.tunnels.map((t) => t.status)).toEqual(['up', 'down']);
    expect(fake.requests.map((p) => `${p.type}:${p.name ?? ''}`)).toEqual([
      '0:version',
      '3:list-conn',
      '0:list-conns',
      '4:list-conn',
      '3:list-sa',
      '0:list-sas',
      '4:list-sa',
    ]);
  });

  it('an unknown command is a clear error', async () => {
    const sock = path.join(dir, 'b.vici');
    server = (await fakeCharon(sock, { sas: [] })).server;
    const c = await ViciClient.connect(sock);
    await expect(c.request('frobnicate')).rejects.toThrow(
      /does not know the VICI command "frobnicate"/,
    );
    c.close();
  });

  it('live updates: a child-updown event triggers a fresh model', async () => {
    const sock = path.join(dir, 'c.vici');
    const state = { sas: cap.sas };
    const fake = await fakeCharon(sock, state);
    server = fake.server;
    const models: IpsecModel[] = [];
    const w = await watchVici(`unix://${sock}`, { onModel: (m) => models.push(m) });
    expect(models.at(-1)?.tunnels[0]?.status).toBe('up');
    state.sas = [];
    fake.push('child-updown', { idc1: { state: 'DELETING' } });
    const deadline = Date.now() + 5000;
    while (models.at(-1)?.tunnels[0]?.status !== 'down' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(models.at(-1)?.tunnels[0]?.status).toBe('down');
    w.close();
  });

  it('initiate/terminate report charon’s answer', async () => {
    const sock = path.join(dir, 'd.vici');
    const fake = await fakeCharon(sock, { sas: [] });
    server = fake.server;
    await initiateTunnel(`unix://${sock}`, 'idc1/net');
    await terminateTunnel(`unix://${sock}`, 'idc1/net');
    await expect(terminateTunnel(`unix://${sock}`, 'idc9/net')).rejects.toThrow(
      /could not terminate idc9\/net: no matching config found/,
    );
    const sent = fake.requests
      .filter((p) => p.name === 'initiate' || p.name === 'terminate')
      .map((p) => [p.name, p.message?.ike, p.message?.child]);
    expect(sent).toEqual([
      ['initiate', 'idc1', 'net'],
      ['terminate', 'idc1', 'net'],
      ['terminate', 'idc9', 'net'],
    ]);
  });
});
