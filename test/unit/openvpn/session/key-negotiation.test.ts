import { describe, expect, it } from 'vitest';
import type { ControlChannel } from '../../../../src/core/openvpn/control/control-channel';
import type { ClientKeySource } from '../../../../src/core/openvpn/handshake/key-method2';
import { KeyNegotiation } from '../../../../src/core/openvpn/session/key-negotiation';
import { makePki } from '../../../support/pki';

const pki = makePki('KeyNegotiation');
const TLS_HANDSHAKE_RECORD = 0x16;

function negotiation(
  profile: { ca: string; cert?: string; key?: string },
  buildKeyMethod2: () => { message: Buffer; keySource: ClientKeySource } = () => ({
    message: Buffer.from('km2'),
    keySource: {
      preMaster: Buffer.alloc(48),
      random1: Buffer.alloc(32),
      random2: Buffer.alloc(32),
    },
  }),
) {
  const sent: Buffer[] = [];
  const errors: Error[] = [];
  const control = { sendTls: (_keyId: number, data: Buffer) => sent.push(data) };
  const n = new KeyNegotiation(0, control as unknown as ControlChannel, profile, buildKeyMethod2, {
    tlsUp: () => undefined,
    established: () => undefined,
    message: () => undefined,
    error: (err) => errors.push(err),
    violation: (err) => errors.push(err),
  });
  return { n, sent, errors };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyNegotiation', () => {
  const profile = { ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem };

  it('prepare() builds the ClientHello but sends nothing until start()', async () => {
    const { n, sent, errors } = negotiation(profile);
    n.prepare();
    await nextTurn();
    expect(sent).toHaveLength(0);
    n.start();
    await nextTurn();
    expect(errors).toEqual([]);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]?.[0]).toBe(TLS_HANDSHAKE_RECORD);
    n.close();
  });

  it('builds the key-method-2 message when TLS starts, not when the handshake ends', () => {
    let built = 0;
    const { n, errors } = negotiation(profile, () => {
      built++;
      return {
        message: Buffer.from('km2'),
        keySource: {
          preMaster: Buffer.alloc(48),
          random1: Buffer.alloc(32),
          random2: Buffer.alloc(32),
        },
      };
    });
    n.prepare();
    expect(built).toBe(1);
    expect(errors).toEqual([]);
    n.close();
  });

  it('reports a key-method-2 message that cannot be built as an error event', () => {
    const { n, errors } = negotiation(profile, () => {
      throw new Error('no credentials');
    });
    n.prepare();
    expect(errors).toHaveLength(1);
    n.close();
  });

  it('start() without prepare() sends the ClientHello at once', async () => {
    const { n, sent } = negotiation(profile);
    n.start();
    await nextTurn();
    expect(sent[0]?.[0]).toBe(TLS_HANDSHAKE_RECORD);
    const count = sent.length;
    n.start(); // a second start (reset ACKed again) sends nothing twice
    await nextTurn();
    expect(sent).toHaveLength(count);
    n.close();
  });

  it('reports a key that cannot be loaded as an error event, not a throw', () => {
    const { n, errors } = negotiation({ ...profile, key: 'not a key' });
    expect(() => n.prepare()).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/TLS|key/i);
  });
});
