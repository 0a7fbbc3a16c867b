import { describe, expect, it } from 'vitest';
import { TlsInbox } from '../../../../src/core/openvpn/session/tls-inbox';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('TlsInbox', () => {
  it('hands over nothing in the turn the packets arrive in', () => {
    const got: Array<[number, string]> = [];
    const inbox = new TlsInbox((keyId, data) => got.push([keyId, data.toString()]));
    inbox.push(0, Buffer.from('a'));
    expect(got).toEqual([]);
    inbox.close();
  });

  it('joins the chunks of one turn per key_id, in arrival order', async () => {
    const got: Array<[number, string]> = [];
    const inbox = new TlsInbox((keyId, data) => got.push([keyId, data.toString()]));
    inbox.push(0, Buffer.from('ab'));
    inbox.push(0, Buffer.from('cd'));
    inbox.push(1, Buffer.from('x'));
    inbox.push(0, Buffer.from('ef'));
    await nextTurn();
    expect(got).toEqual([
      [0, 'abcd'],
      [1, 'x'],
      [0, 'ef'],
    ]);
    inbox.push(1, Buffer.from('y'));
    await nextTurn();
    expect(got.at(-1)).toEqual([1, 'y']);
  });

  it('drops what is pending when closed', async () => {
    const got: unknown[] = [];
    const inbox = new TlsInbox((keyId) => got.push(keyId));
    inbox.push(0, Buffer.from('a'));
    inbox.close();
    await nextTurn();
    expect(got).toEqual([]);
  });
});
