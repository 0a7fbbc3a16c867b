import { describe, expect, it } from 'vitest';
import { classifyServerMessage } from '../../../../src/core/openvpn/session/control-messages';

describe('server control messages (doc 7.4)', () => {
  it('joins nothing itself but flags push-continuation', () => {
    expect(
      classifyServerMessage('PUSH_REPLY,route 10.0.0.0 255.0.0.0,push-continuation 2'),
    ).toEqual({
      kind: 'push-reply',
      options: ['route 10.0.0.0 255.0.0.0'],
      more: true,
    });
    expect(classifyServerMessage('PUSH_REPLY,ping 10,push-continuation 1')).toMatchObject({
      options: ['ping 10'],
      more: false,
    });
    expect(classifyServerMessage('PUSH_REPLY')).toEqual({
      kind: 'push-reply',
      options: [],
      more: false,
    });
  });

  it('classifies AUTH_FAILED forms, including a CRV1 challenge', () => {
    expect(classifyServerMessage('AUTH_FAILED')).toMatchObject({
      kind: 'auth-failed',
      reason: '',
      temporary: false,
    });
    expect(classifyServerMessage('AUTH_FAILED,SESSION: token expired')).toMatchObject({
      sessionOnly: true,
    });
    expect(classifyServerMessage('AUTH_FAILED,TEMP[backoff 5]: busy')).toMatchObject({
      temporary: true,
    });
    const user = Buffer.from('alice').toString('base64');
    expect(
      classifyServerMessage(`AUTH_FAILED,CRV1:R,E:state-42:${user}:Enter the code: from SMS`),
    ).toMatchObject({
      kind: 'auth-failed',
      crv1: {
        echo: true,
        responseRequired: true,
        stateId: 'state-42',
        username: 'alice',
        text: 'Enter the code: from SMS',
      },
    });
  });

  it('classifies RESTART (with N = advance), HALT, INFO, AUTH_PENDING and EXIT', () => {
    expect(classifyServerMessage('RESTART,[N]server shutting down')).toMatchObject({
      kind: 'restart',
      advance: true,
    });
    expect(classifyServerMessage('RESTART')).toMatchObject({ kind: 'restart', advance: false });
    expect(classifyServerMessage('HALT,bye')).toEqual({ kind: 'halt', text: 'bye' });
    expect(classifyServerMessage('INFO,hello')).toEqual({ kind: 'info', text: 'hello' });
    expect(classifyServerMessage('INFO_PRE,CR_TEXT:E:code?')).toEqual({
      kind: 'info-pre',
      text: 'CR_TEXT:E:code?',
    });
    expect(classifyServerMessage('AUTH_PENDING,timeout 120')).toEqual({
      kind: 'auth-pending',
      timeoutSeconds: 120,
    });
    expect(classifyServerMessage('EXIT')).toEqual({ kind: 'exit' });
  });
});
