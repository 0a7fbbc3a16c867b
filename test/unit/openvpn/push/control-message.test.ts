import { describe, expect, it } from 'vitest';
import {
  crResponseMessage,
  crv1Password,
  parseControlMessage,
  staticChallengePassword,
} from '../../../../src/core/openvpn/push/control-message';

describe('parseControlMessage', () => {
  it('classifies AUTH_FAILED forms', () => {
    expect(parseControlMessage('AUTH_FAILED')).toEqual({
      kind: 'auth-failed',
      reason: '',
      session: false,
    });
    expect(parseControlMessage('AUTH_FAILED,SESSION: token expired')).toMatchObject({
      session: true,
    });
    expect(parseControlMessage('AUTH_FAILED,TEMP[backoff 30,advance addr]: busy')).toMatchObject({
      temp: { backoffSeconds: 30, advance: 'addr' },
    });
    expect(parseControlMessage('AUTH_FAILED,TEMP')).toMatchObject({ temp: {} });
  });

  it('parses a CRV1 dynamic challenge', () => {
    const m = parseControlMessage(
      'AUTH_FAILED,CRV1:R,E:Om01u7Fh4LrGBS7uh0SWmzwabUiGiW6l:Y3Ix:Please enter token PIN: 1:2',
    );
    expect(m).toMatchObject({
      kind: 'auth-failed',
      challenge: {
        flags: ['R', 'E'],
        echo: true,
        responseRequired: true,
        stateId: 'Om01u7Fh4LrGBS7uh0SWmzwabUiGiW6l',
        username: 'cr1',
        text: 'Please enter token PIN: 1:2',
      },
    });
    expect(crv1Password('Om01', '8675309')).toBe('CRV1::Om01::8675309');
  });

  it('classifies pending auth, info, restart, halt, exit and push replies', () => {
    expect(parseControlMessage('AUTH_PENDING,timeout 300')).toEqual({
      kind: 'auth-pending',
      timeoutSeconds: 300,
    });
    expect(parseControlMessage('AUTH_PENDING')).toEqual({ kind: 'auth-pending' });
    expect(parseControlMessage('INFO_PRE,CR_TEXT:R,E:Enter code')).toEqual({
      kind: 'info-pre',
      text: 'CR_TEXT:R,E:Enter code',
      pending: { kind: 'cr-text', echo: true, responseRequired: true, text: 'Enter code' },
    });
    expect(parseControlMessage('INFO_PRE,CR_TEXT::Enter PIN: 6 digits')).toMatchObject({
      pending: {
        kind: 'cr-text',
        echo: false,
        responseRequired: false,
        text: 'Enter PIN: 6 digits',
      },
    });
    expect(parseControlMessage('INFO_PRE,WEB_AUTH::https://sso.example/x')).toMatchObject({
      pending: { kind: 'web-auth', flags: '', url: 'https://sso.example/x' },
    });
    expect(parseControlMessage('INFO_PRE,OPEN_URL:https://sso.example')).toMatchObject({
      pending: { kind: 'open-url', url: 'https://sso.example' },
    });
    expect(parseControlMessage('INFO,hello')).toEqual({ kind: 'info', text: 'hello' });
    expect(parseControlMessage('RESTART,[PN]server going down')).toEqual({
      kind: 'restart',
      message: 'server going down',
      keepPassword: true,
      advanceRemote: true,
    });
    expect(parseControlMessage('RESTART')).toMatchObject({ kind: 'restart', keepPassword: false });
    expect(parseControlMessage('HALT,bye')).toEqual({ kind: 'halt', message: 'bye' });
    expect(parseControlMessage('EXIT\n')).toEqual({ kind: 'exit' });
    expect(parseControlMessage('PUSH_REPLY,ping 10')).toEqual({
      kind: 'push-reply',
      message: 'PUSH_REPLY,ping 10',
    });
    expect(parseControlMessage('INFORMATION')).toEqual({ kind: 'unknown', text: 'INFORMATION' });
  });

  it('builds challenge answers', () => {
    expect(staticChallengePassword('pw', '123')).toBe('SCRV1:cHc=:MTIz');
    expect(crResponseMessage('123')).toBe('CR_RESPONSE,MTIz');
  });
});

describe('trailing newlines', () => {
  it('are trimmed in linear time, even after a long run of newlines inside the text', () => {
    expect(parseControlMessage('INFO,x\r\n')).toEqual({ kind: 'info', text: 'x' });
    // /[\r\n]+$/ backtracked over this run once per starting position: seconds at 64 KiB.
    const hostile = `INFO,${'\r\n'.repeat(32 * 1024)}x`;
    const started = performance.now();
    expect(parseControlMessage(hostile)).toMatchObject({ kind: 'info' });
    expect(performance.now() - started).toBeLessThan(200);
  });
});
