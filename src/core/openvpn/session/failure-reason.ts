/** A GangwayError from the TLS/handshake layers as the FailureReason the session reports. */
import { FAILURE_CODES, type FailureCode, type FailureReason } from '../../../shared/tunnel-state';
import type { GangwayError } from '../../errors';

function isFailureCode(code: string): code is FailureCode {
  return (FAILURE_CODES as readonly string[]).includes(code);
}

export function reasonOf(err: GangwayError): FailureReason {
  const code = isFailureCode(err.code) ? err.code : 'internal';
  return { code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
}
