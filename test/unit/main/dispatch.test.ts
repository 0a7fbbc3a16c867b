import { describe, expect, it, vi } from 'vitest';
import { ConfigError, GangwayError } from '../../../src/core/errors';
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatch';

function handlersWith(overrides: Partial<Handlers>): Handlers {
  return new Proxy(overrides as Handlers, {
    get: (target, key: string) =>
      (target as Record<string, unknown>)[key] ??
      (() => Promise.reject(new Error(`handler ${key} not expected in this test`))),
  });
}

describe('main-side dispatcher', () => {
  it('refuses unknown channels and invalid payloads before any handler runs', async () => {
    const connect = vi.fn(async () => ({ sessionId: 's' }));
    const dispatch = createDispatcher(handlersWith({ 'session.connect': connect }));
    expect(await dispatch('session.hack', {})).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await dispatch('__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await dispatch('session.connect', { name: '' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await dispatch('session.connect', { name: 'a', extra: 1 })).toMatchObject({ ok: false });
    expect(connect).not.toHaveBeenCalled();
    expect(await dispatch('session.connect', { name: 'a' })).toEqual({
      ok: true,
      value: { sessionId: 's' },
    });
  });

  it('passes user-facing errors through with code, hint and location', async () => {
    const dispatch = createDispatcher(
      handlersWith({
        'session.connect': async () => {
          throw new GangwayError('helper-failed', 'no helper', 'reinstall');
        },
        'profiles.import': async () => {
          throw new ConfigError({ file: 'a.ovpn', line: 7 }, 'unknown option');
        },
      }),
    );
    expect(await dispatch('session.connect', { name: 'a' })).toEqual({
      ok: false,
      error: { code: 'helper-failed', message: 'no helper', hint: 'reinstall' },
    });
    expect(await dispatch('profiles.import', { from: 'text', text: 'x' })).toEqual({
      ok: false,
      error: { code: 'config-invalid', message: 'unknown option', location: 'a.ovpn:7' },
    });
  });

  it('hides unexpected errors from the renderer and reports them to main', async () => {
    const onInternal = vi.fn();
    const dispatch = createDispatcher(
      handlersWith({
        'settings.get': async () => {
          throw new Error('EACCES: /root/secret/path');
        },
      }),
      onInternal,
    );
    const reply = await dispatch('settings.get', undefined);
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('/root/secret/path');
    expect(onInternal).toHaveBeenCalledWith('settings.get', expect.any(Error));
  });

  it('strips fields a handler returns beyond the schema (nothing unplanned leaks out)', async () => {
    const dispatch = createDispatcher(
      handlersWith({
        'settings.get': async () =>
          ({
            launchAtLogin: false,
            autoConnectProfile: null,
            language: 'en',
            killSwitch: false,
            privateKey: '-----BEGIN PRIVATE KEY-----',
          }) as never,
      }),
    );
    const reply = await dispatch('settings.get', undefined);
    expect(reply).toEqual({
      ok: true,
      value: { launchAtLogin: false, autoConnectProfile: null, language: 'en', killSwitch: false },
    });
  });

  it('a response that breaks the schema is an internal error, not bad data for the UI', async () => {
    const onInternal = vi.fn();
    const dispatch = createDispatcher(
      handlersWith({ 'settings.get': async () => ({ language: 'xx' }) as never }),
      onInternal,
    );
    expect(onInternal).not.toHaveBeenCalled();
    expect(await dispatch('settings.get', undefined)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(onInternal).toHaveBeenCalledOnce();
  });
});
