import { describe, expect, it } from 'vitest';
import { NoControlWrap, type ControlWrap } from '../../../../src/core/openvpn/crypto/control-wrap';
import { ControlChannel } from '../../../../src/core/openvpn/control/control-channel';
import {
  decodeControlPacket,
  encodeControlPacket,
  type ControlPacket,
} from '../../../../src/core/openvpn/control/control-packet';
import { Opcode } from '../../../../src/core/openvpn/control/opcodes';

const S = Buffer.from('5e5e5e5e5e5e5e5e', 'hex');

function harness(wrap: ControlWrap = new NoControlWrap()) {
  let now = 0;
  const sent: ControlPacket[] = [];
  const events: string[] = [];
  const tls: Buffer[] = [];
  let onResetAcked: ((keyId: number) => void) | undefined;
  const channel = new ControlChannel({
    wrap,
    now: () => now,
    send: (p) => {
      const d = decodeControlPacket(p);
      if (d) sent.push(d);
    },
    events: {
      resetAcked: (k) => {
        events.push(`reset-acked ${k}`);
        onResetAcked?.(k);
      },
      tlsData: (_k, d) => tls.push(d),
      peerSoftReset: (k) => events.push(`peer-soft-reset ${k}`),
      dropped: (r) => events.push(`dropped: ${r}`),
    },
  });
  const fromServer = (p: Partial<ControlPacket> & { opcode: number }): void =>
    channel.receive(
      encodeControlPacket({ keyId: 0, sessionId: S, acks: [], payload: Buffer.alloc(0), ...p }),
    );
  /** The server's reset, ACKing ours (message id 0) for this session. */
  const serverReset = (extra: Partial<ControlPacket> = {}): void =>
    fromServer({
      opcode: Opcode.HARD_RESET_SERVER_V2,
      acks: [0],
      ackRemoteSessionId: channel.localSessionId,
      messageId: 0,
      ...extra,
    });
  return {
    channel,
    sent,
    events,
    tls,
    fromServer,
    serverReset,
    setNow: (t: number) => (now = t),
    onResetAcked: (f: (k: number) => void) => (onResetAcked = f),
  };
}

describe('ControlChannel', () => {
  it('sends the hard reset, and the first TLS packet carries ACK [0] + the server sid (2.6 cookie)', () => {
    const h = harness();
    h.channel.startHardReset();
    expect(h.sent[0]).toMatchObject({
      opcode: Opcode.HARD_RESET_CLIENT_V2,
      messageId: 0,
      acks: [],
    });
    // Like node:tls, the "ClientHello" is written synchronously when the reset is ACKed.
    h.onResetAcked((k) => h.channel.sendTls(k, Buffer.from('client hello')));
    h.serverReset();
    expect(h.events).toEqual(['reset-acked 0']);
    const hello = h.sent[1];
    expect(hello).toMatchObject({
      opcode: Opcode.CONTROL_V1,
      messageId: 1,
      acks: [0],
      ackRemoteSessionId: S,
    });
    expect(hello?.payload.toString()).toBe('client hello');
    expect(h.sent).toHaveLength(2); // no separate P_ACK_V1 was needed
    // The retransmission 2 s later still re-ACKs id 0, or a 2.6 UDP server drops it.
    h.setNow(2000);
    h.channel.flush();
    expect(h.sent[2]).toMatchObject({ opcode: Opcode.CONTROL_V1, messageId: 1, acks: [0] });
    h.channel.close();
  });

  it('splits TLS data to the control payload size and delivers the peer bytes in order', () => {
    const h = harness();
    h.channel.startHardReset();
    h.serverReset();
    h.channel.sendTls(0, Buffer.alloc(h.channel.maxPayload * 2 + 10, 1));
    const data = h.sent.filter((p) => p.opcode === Opcode.CONTROL_V1);
    expect(data.map((p) => p.payload.length)).toEqual([
      h.channel.maxPayload,
      h.channel.maxPayload,
      10,
    ]);
    // the whole datagram (IPv4+UDP 28, header 9, 4 ACKs 25, msg id 4) fits tls-mtu 1250
    expect(28 + 9 + 25 + 4 + h.channel.maxPayload).toBeLessThanOrEqual(1250);
    h.fromServer({ opcode: Opcode.CONTROL_V1, messageId: 2, payload: Buffer.from('B') });
    h.fromServer({ opcode: Opcode.CONTROL_V1, messageId: 1, payload: Buffer.from('A') });
    h.fromServer({ opcode: Opcode.CONTROL_V1, messageId: 1, payload: Buffer.from('A') });
    expect(Buffer.concat(h.tls).toString()).toBe('AB');
    const lastAck = h.sent.at(-1);
    expect(lastAck?.opcode).toBe(Opcode.ACK_V1);
    expect(lastAck?.acks).toContain(1);
    h.channel.close();
  });

  it('drops packets from another session or ACKing another sid', () => {
    const h = harness();
    h.channel.startHardReset();
    h.fromServer({
      opcode: Opcode.HARD_RESET_SERVER_V2,
      acks: [0],
      ackRemoteSessionId: Buffer.alloc(8, 9),
      messageId: 0,
    });
    expect(h.events).toEqual(['dropped: ACK for another session']);
    h.serverReset();
    h.channel.receive(
      encodeControlPacket({
        opcode: Opcode.CONTROL_V1,
        keyId: 0,
        sessionId: Buffer.alloc(8, 3),
        acks: [],
        messageId: 1,
        payload: Buffer.from('x'),
      }),
    );
    expect(h.events.at(-1)).toBe('dropped: control packet from another session');
    expect(h.tls).toEqual([]);
    h.channel.close();
  });

  it('answers a server soft reset on the next key_id with its own, ACKing the peer', () => {
    const h = harness();
    h.channel.startHardReset();
    h.serverReset();
    h.fromServer({ opcode: Opcode.SOFT_RESET_V1, keyId: 1, messageId: 0 });
    expect(h.events).toContain('peer-soft-reset 1');
    const ours = h.sent.find((p) => p.opcode === Opcode.SOFT_RESET_V1);
    expect(ours).toMatchObject({ keyId: 1, messageId: 0, acks: [0] });
    h.fromServer({
      opcode: Opcode.ACK_V1,
      keyId: 1,
      acks: [0],
      ackRemoteSessionId: h.channel.localSessionId,
    });
    expect(h.events).toContain('reset-acked 1');
    expect(h.channel.newestKeyId).toBe(1);
    h.channel.close();
  });

  it('with tls-crypt-v2 and RESEND_WKC, message 1 goes out as P_CONTROL_WKC_V1', () => {
    const wrap = new NoControlWrap();
    Object.defineProperty(wrap, 'mode', { value: 'tls-crypt-v2' });
    const h = harness(wrap);
    h.channel.startHardReset();
    expect(h.sent[0]?.opcode).toBe(Opcode.HARD_RESET_CLIENT_V3);
    h.onResetAcked((k) => h.channel.sendTls(k, Buffer.from('hello')));
    h.serverReset({ payload: Buffer.from('000100020001', 'hex') });
    expect(h.sent[1]).toMatchObject({ opcode: Opcode.CONTROL_WKC_V1, messageId: 1 });
    h.channel.sendTls(0, Buffer.from('more'));
    expect(h.sent[2]).toMatchObject({ opcode: Opcode.CONTROL_V1, messageId: 2 });
    h.channel.close();
  });
});
