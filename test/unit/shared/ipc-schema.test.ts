import { describe, expect, it } from 'vitest';
import { createGangwayApi } from '../../../src/shared/ipc-client';
import { IpcError, ipcErrorOf } from '../../../src/shared/ipc-error';
import { eventSchema, invokeSchema, type InvokeChannel } from '../../../src/shared/ipc-schema';
import * as v from '../../../src/shared/validate';
import { decodeWire, encodeWire } from '../../../src/shared/wire-json';

const req = (c: InvokeChannel) => invokeSchema[c].request as v.Validator<unknown>;

/**
 * A short, readable test name for a payload: byte arrays become their length and long strings
 * are cut, so an 8 MiB case does not put 8 million numbers into every test log line.
 */
function brief(payload: unknown): string {
  const text = JSON.stringify(payload, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return `<${value.length} bytes>`;
    if (typeof value === 'string' && value.length > 24)
      return `${value.slice(0, 12)}…(${value.length})`;
    return value;
  });
  return text === undefined ? 'undefined' : text;
}

const named = (cases: [InvokeChannel, unknown][]): [InvokeChannel, string, unknown][] =>
  cases.map(([channel, payload]) => [channel, brief(payload), payload]);

describe('IPC schema request validators', () => {
  it.each(
    named([
      ['profiles.list', { anything: 1 }],
      ['profiles.import', { from: 'path' }],
      ['profiles.import', { from: 'url', url: 'http://x' }],
      ['profiles.import', { from: 'bytes', fileName: 'a.ovpn', bytes: 'not bytes' }],
      [
        'profiles.import',
        { from: 'bytes', fileName: 'a.ovpn', bytes: new Uint8Array(8 * 1024 * 1024 + 1) },
      ],
      ['profiles.import', { from: 'text', text: '' }],
      ['profiles.import', { from: 'text', text: 'client', name: 'x'.repeat(65) }],
      ['profiles.rename', { from: 'a' }],
      ['profiles.remove', { name: 42 }],
      ['session.connect', {}],
      ['session.connect', { name: 'a', execute: '/bin/sh' }],
      ['credentials.submit', { requestId: '', password: 'x' }],
      ['credentials.submit', { requestId: 'r', remember: 'yes' }],
      ['settings.set', { language: 'fr' }],
      ['settings.set', { autoConnectProfile: 5 }],
      ['settings.set', { launchAtLogin: 'true' }],
      ['logs.get', { sessionId: 7 }],
      ['admin.addSource', { kind: 'tencent', label: 'x', region: 'ap-guangzhou' }],
      [
        'admin.addSource',
        {
          kind: 'tencent',
          label: 'x',
          region: 'r',
          secretId: 'i',
          secretKey: 'k',
          preShareKey: 'p',
        },
      ],
      ['admin.initiate', { sourceId: 's' }],
    ]),
  )('%s refuses %s', (channel, _name, payload) => {
    expect(() => v.parse(req(channel), payload)).toThrow(v.ValidationError);
  });

  it.each(
    named([
      ['profiles.list', undefined],
      ['profiles.import', { from: 'path', path: '/tmp/a.ovpn' }],
      [
        'profiles.import',
        { from: 'bytes', fileName: 'a.zip', bytes: new Uint8Array(4), replace: true },
      ],
      ['profiles.import', { from: 'text', text: 'client\n', name: 'pasted' }],
      ['session.connect', { name: 'office' }],
      ['credentials.submit', { requestId: 'r', username: 'u', password: 'p', remember: true }],
      ['settings.set', { language: 'zh-CN', autoConnectProfile: null }],
      ['admin.addSource', { kind: 'vici', label: 'lab', socketPath: '/run/charon.vici' }],
    ]),
  )('%s accepts %s', (channel, _name, payload) => {
    expect(() => v.parse(req(channel), payload)).not.toThrow();
  });

  it('every event has a validator that refuses garbage', () => {
    for (const validator of Object.values(eventSchema)) {
      expect(() => v.parse(validator as v.Validator<unknown>, { bogus: true })).toThrow(
        v.ValidationError,
      );
    }
  });

  it('session.state events refuse states outside the TunnelState union', () => {
    const base = { sessionId: 's', profile: 'p', at: 1 };
    expect(() =>
      v.parse(eventSchema['session.state'], { ...base, state: { kind: 'disconnected' } }),
    ).not.toThrow();
    expect(() =>
      v.parse(eventSchema['session.state'], { ...base, state: { kind: 'hacked' } }),
    ).toThrow();
    expect(() =>
      v.parse(eventSchema['session.state'], {
        ...base,
        state: { kind: 'failed', reason: { code: 'nope', message: 'x' } },
      }),
    ).toThrow(/reason.code/);
  });
});

describe('derived client', () => {
  function fakeTransport(reply: (channel: string, payload: unknown) => unknown) {
    const sent: Array<[string, unknown]> = [];
    const listeners = new Map<string, (p: unknown) => void>();
    return {
      sent,
      fire: (event: string, payload: unknown) => listeners.get(event)?.(payload),
      transport: {
        invoke: async (channel: InvokeChannel, payload: unknown) => {
          sent.push([channel, payload]);
          return reply(channel, payload);
        },
        subscribe: (event: string, l: (p: unknown) => void) => {
          listeners.set(event, l);
          return () => listeners.delete(event);
        },
      },
    };
  }

  it('exposes one method per channel, grouped, and unwraps replies', async () => {
    const fake = fakeTransport(() => ({ ok: true, value: { sessionId: 'abc' } }));
    const api = createGangwayApi(fake.transport);
    await expect(api.session.connect({ name: 'office' })).resolves.toEqual({ sessionId: 'abc' });
    expect(fake.sent).toEqual([['session.connect', { name: 'office' }]]);
    for (const channel of Object.keys(invokeSchema)) {
      const [group, method] = channel.split('.') as [string, string];
      expect(
        typeof (api as unknown as Record<string, Record<string, unknown>>)[group]?.[method],
      ).toBe('function');
    }
  });

  it('refuses a bad request before it leaves', async () => {
    const fake = fakeTransport(() => ({ ok: true, value: undefined }));
    const api = createGangwayApi(fake.transport);
    // @ts-expect-error the type already forbids it; the runtime check must too
    await expect(api.settings.set({ language: 'fr' })).rejects.toMatchObject({
      code: 'bad-request',
    });
    expect(fake.sent).toEqual([]);
  });

  it('refuses a reply that does not match the schema', async () => {
    const fake = fakeTransport(() => ({ ok: true, value: { sessionId: 5 } }));
    const api = createGangwayApi(fake.transport);
    await expect(api.session.connect({ name: 'x' })).rejects.toMatchObject({ code: 'bad-reply' });
  });

  it('turns error replies into IpcError with code and hint', async () => {
    const fake = fakeTransport(() => ({
      ok: false,
      error: { code: 'bad-input', message: 'no profile', hint: 'import one' },
    }));
    const api = createGangwayApi(fake.transport);
    const err = await api.session.connect({ name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect(ipcErrorOf(err)).toEqual({
      code: 'bad-input',
      message: 'no profile',
      hint: 'import one',
    });
  });

  it('bridge-safe errors keep their details in the message alone', async () => {
    const fake = fakeTransport(() => ({
      ok: false,
      error: { code: 'auth', message: 'm', location: 'a.ovpn:3' },
    }));
    const api = createGangwayApi(fake.transport, { bridgeSafeErrors: true });
    const err = (await api.profiles.list().catch((e: unknown) => e)) as Error;
    // What survives contextBridge: a plain Error with the same message.
    expect(ipcErrorOf(new Error(err.message))).toEqual({
      code: 'auth',
      message: 'm',
      location: 'a.ovpn:3',
    });
  });

  it('delivers valid events and drops invalid ones', () => {
    const fake = fakeTransport(() => undefined);
    const bad: string[] = [];
    const api = createGangwayApi(fake.transport, { onBadEvent: (e) => bad.push(e) });
    const got: unknown[] = [];
    api.on('credentials.closed', (p) => got.push(p));
    fake.fire('credentials.closed', { requestId: 'r1' });
    fake.fire('credentials.closed', { requestId: 3 });
    expect(got).toEqual([{ requestId: 'r1' }]);
    expect(bad).toEqual(['credentials.closed']);
  });
});

describe('wire JSON', () => {
  it('round-trips bytes and leaves strings alone', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256);
    const back = decodeWire(encodeWire({ bytes, text: '{"$bytes":"AA=="}' })) as {
      bytes: Uint8Array;
      text: string;
    };
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect([...back.bytes]).toEqual([...bytes]);
    expect(back.text).toBe('{"$bytes":"AA=="}');
  });
});
