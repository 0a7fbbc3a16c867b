import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  crResponseMessage,
  crv1Password,
  parseControlMessage,
  splitControlText,
  staticChallengePassword,
} from '../../../src/core/openvpn/push/control-message';
import { fuzzRuns, fuzzSync, timeoutFor } from './fuzz-support';

/** Control-channel text from the server: every message is classified, none throws. */

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
    'decrypted plaintext splits on NUL into messages and a remainder',
    () => {
      const plaintext = fc.array(
        fc.oneof(
          message.map((m) => Buffer.from(`${m}\0`)),
          fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
        ),
        { maxLength: 8 },
      );
      fuzzSync('push-control split', plaintext, RUNS, (chunks) => {
        let rest: Buffer = Buffer.alloc(0);
        for (const chunk of chunks) {
          const split = splitControlText(Buffer.concat([rest, chunk]));
          for (const text of split.messages) parseControlMessage(text);
          rest = split.rest;
        }
      });
    },
    timeoutFor(RUNS),
  );
});
