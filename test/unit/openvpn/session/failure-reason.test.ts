import { describe, expect, it } from 'vitest';
import { GangwayError } from '../../../../src/core/errors';
import { reasonOf } from '../../../../src/core/openvpn/session/failure-reason';
import { FAILURE_CODES } from '../../../../src/shared/tunnel-state';
import { failureReason } from '../../../../src/shared/tunnel-state-validators';
import { parse } from '../../../../src/shared/validate';

describe('failure codes: one list for the type, the validator and the engine', () => {
  it.each(FAILURE_CODES.map((code) => [code]))(
    'reasonOf keeps %s, and the IPC validator accepts it',
    (code) => {
      const reason = reasonOf(new GangwayError(code, 'what happened', 'what to try'));
      expect(reason).toEqual({ code, message: 'what happened', hint: 'what to try' });
      expect(parse(failureReason, reason)).toEqual(reason);
    },
  );

  it('turns a code outside the list into internal', () => {
    expect(reasonOf(new GangwayError('vici-timeout', 'x')).code).toBe('internal');
  });
});
