import type { FailureCode } from '../../shared/tunnel-state';
import type { MessageKey } from '../i18n/en';

/**
 * Every FailureCode has a title and a hint in the catalogue; these template types make a code
 * added to the union without catalogue entries a type error here.
 */
export function failureTitleKey(code: FailureCode): MessageKey {
  const key: `failure.code.${FailureCode}` = `failure.code.${code}`;
  return key;
}

export function failureHintKey(code: FailureCode): MessageKey {
  const key: `failure.hint.${FailureCode}` = `failure.hint.${code}`;
  return key;
}
