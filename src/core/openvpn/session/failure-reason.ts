/** A GangwayError from the TLS/handshake layers as the FailureReason the session reports. */
import type { FailureCode, FailureReason } from '../../../shared/tunnel-state';
import type { GangwayError } from '../../errors';

const FAILURE_CODES = new Set<FailureCode>([
  'tls-failed',
  'server-cert-untrusted',
  'server-cert-usage',
  'server-cert-name',
  'server-cert-expired',
  'client-cert-rejected',
  'client-cert-expired',
  'no-common-cipher',
  'push-failed',
  'config-invalid',
  'helper-failed',
]);

export function reasonOf(err: GangwayError): FailureReason {
  const code = FAILURE_CODES.has(err.code as FailureCode) ? (err.code as FailureCode) : 'internal';
  return { code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
}
