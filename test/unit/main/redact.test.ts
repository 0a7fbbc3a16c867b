import { describe, expect, it } from 'vitest';
import { LogBook } from '../../../src/main/services/log-book';
import { redact } from '../../../src/core/redact';

describe('log redaction', () => {
  it.each([
    [
      'PEM private key',
      'key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\nafter',
      'MIIEvQIBADANBg',
    ],
    [
      'OpenVPN static key',
      '-----BEGIN OpenVPN Static key V1-----\n0123abcd\n-----END OpenVPN Static key V1-----',
      '0123abcd',
    ],
    ['unterminated PEM', '-----BEGIN RSA PRIVATE KEY-----\nMIIabc', 'MIIabc'],
    ['inline key block', '<key>\nsecretstuff\n</key>', 'secretstuff'],
    [
      'auth-token push',
      'PUSH_REPLY,route 10.0.0.0,auth-token SESS_ID_abc123,ping 10',
      'SESS_ID_abc123',
    ],
    ['auth-token=', 'auth-token=tok987', 'tok987'],
    ['password=', 'login password=hunter22 ok', 'hunter22'],
    ['json password', '{"password": "hunter22"}', 'hunter22'],
    ['secretKey', 'secretKey: AKIDxyz', 'AKIDxyz'],
    [
      'CRV1 answer',
      'sending CRV1::Om01u7Fh4LrGBS7uh0SWmzwabUiGiW6l::123456',
      'Om01u7Fh4LrGBS7uh0SWmzwabUiGiW6l',
    ],
    ['SCRV1 answer', 'SCRV1:aHVudGVyMg==:MTIzNDU2', 'aHVudGVyMg=='],
  ])('masks %s', (_what, text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('redacted');
  });

  it('keeps ordinary lines intact', () => {
    const line = 'TLS: Initial packet from [AF_INET]198.51.100.1:1194, sid=1a2b3c4d';
    expect(redact(line)).toBe(line);
  });

  it('masks a registered secret wherever it appears in the session log', () => {
    const book = new LogBook();
    book.addSecret('s1', 'Tr0ub4dor&3');
    book.append('s1', { at: 1, level: 'debug', message: 'user typed Tr0ub4dor&3 somewhere' });
    expect(book.get('s1')[0]?.message).toBe('user typed [redacted] somewhere');
    expect(book.exportText('s1', '# header')).not.toContain('Tr0ub4dor&3');
  });

  it('keeps only the newest entries (ring buffer)', () => {
    const book = new LogBook(3);
    for (let i = 0; i < 5; i++) book.append('s', { at: i, level: 'info', message: `line ${i}` });
    expect(book.get('s').map((e) => e.message)).toEqual(['line 2', 'line 3', 'line 4']);
  });
});
