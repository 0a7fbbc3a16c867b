import { describe, expect, it } from 'vitest';
import type { ControlChannel } from '../../../../src/core/openvpn/control/control-channel';
import { KeyNegotiation } from '../../../../src/core/openvpn/session/key-negotiation';
import { makePki } from '../../../support/pki';

const pki = makePki('KeyNegotiation');
const TLS_HANDSHAKE_RECORD = 0x16;

function negotiation(profile: { ca: string; cert?: string; key?: string }) {
  const sent: Buffer[] = [];
  const errors: Error[] = [];
  const control = { sendTls: (_keyId: number, data: Buffer) => sent.push(data) };
  const n = new KeyNegotiation(
    0,
    control as unknown as ControlChannel,
    profile,
    () => {
      throw new Error('no key-method 2 expected in this test');
    },
    {
      tlsUp: () => undefined,
      established: () => undefined,
      message: () => undefined,
      error: (err) => errors.push(err),
    },
  );
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
