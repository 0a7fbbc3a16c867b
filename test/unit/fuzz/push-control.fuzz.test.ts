import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  crResponseMessage,
  crv1Password,
  parseControlMessage,
  staticChallengePassword,
} from '../../../src/core/openvpn/push/control-message';
import { ServerPlaintextReader } from '../../../src/core/openvpn/session/server-plaintext';
import { fuzzRuns, fuzzSync, timeoutFor } from './fuzz-support';

/** Control-channel text from the server: every message is classified, none throws. */

const KM2_OPTIONS = 'V4,dev-type tun,tun-mtu 1500,proto UDPv4,cipher AES-256-GCM,tls-server';
/** A well-formed server key-method-2 message, so that the fuzzed bytes are control text. */
const SERVER_KEY_METHOD_2 = Buffer.concat([
  Buffer.from([0, 0, 0, 0, 2]),
  Buffer.alloc(64, 7),
  Buffer.from([0, KM2_OPTIONS.length + 1]),
  Buffer.from(`${KM2_OPTIONS}\0`),
  Buffer.from([0, 0, 0, 0, 0, 0]),
]);

const PREFIXES = [
  'AUTH_FAILED',
  'AUTH_FAILED,SESSION:',
  'AUTH_FAILED,TEMP',
  'AUTH_FAILED,TEMP[backoff 10,advance addr]:',
  'AUTH_FAILED,CRV1:R,E:',
  'PUSH_REPLY,',
  'RESTART',
  'RESTART,[PN]',
  'HALT,',
  'INFO_PRE,',
  'INFO_PRE,OPEN_URL:',
  'INFO_PRE,WEB_AUTH:',
  'INFO_PRE,CR_TEXT:R,E:',
  'INFO,',
  'AUTH_PENDING,timeout ',
  'EXIT',
  '',
];

const message = fc
  .tuple(
    fc.constantFrom(...PREFIXES),
    fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.stringMatching(/^[A-Za-z0-9+/=:,[\] \r\n]{0,80}$/),
    ),
  )
  .map(([prefix, rest]) => prefix + rest);

const RUNS = fuzzRuns(3000);

describe('control-channel text', () => {
  it(
    'every message parses to a ControlMessage',
    () => {
      fuzzSync('push-control parse', message, RUNS, (text) => {
        const parsed = parseControlMessage(text);
        if (parsed.kind === 'auth-failed' && parsed.challenge) {
          crv1Password(parsed.challenge.stateId, text);
        }
        staticChallengePassword(text, text);
        crResponseMessage(text);
      });
    },
    timeoutFor(RUNS),
  );

  it(
    'decrypted plaintext after key-method 2 splits on NUL into messages, whatever the chunking',
    () => {
      const plaintext = fc.array(
        fc.oneof(
          message.map((m) => Buffer.from(`${m}\0`)),
          fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
        ),
        { maxLength: 8 },
      );
      fuzzSync('push-control split', plaintext, RUNS, (chunks) => {
        const reader = new ServerPlaintextReader();
        reader.push(SERVER_KEY_METHOD_2);
        for (const chunk of chunks) {
          for (const text of reader.push(chunk).messages) parseControlMessage(text);
        }
      });
    },
    timeoutFor(RUNS),
  );
});
