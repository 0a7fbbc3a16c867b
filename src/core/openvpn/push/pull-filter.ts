/**
 * `pull-filter accept|ignore|reject TEXT` (options.c apply_pull_filter): the first rule whose
 * text is a prefix of the pushed option line decides; no match means accept. `reject` makes
 * the whole PUSH_REPLY fatal, as in OpenVPN.
 */
export interface PullFilterRule {
  action: 'accept' | 'ignore' | 'reject';
  text: string;
}

export interface PullFilterResult {
  accepted: string[];
  ignored: string[];
  /** The first option a reject rule matched; the connection must fail. */
  rejected?: string;
}

export function applyPullFilters(
  options: readonly string[],
  rules: readonly PullFilterRule[],
): PullFilterResult {
  const result: PullFilterResult = { accepted: [], ignored: [] };
  for (const option of options) {
    const trimmed = option.trim();
    const rule = rules.find((r) => trimmed.startsWith(r.text));
    if (!rule || rule.action === 'accept') result.accepted.push(option);
    else if (rule.action === 'ignore') result.ignored.push(option);
    else {
      result.rejected = option;
      return result;
    }
  }
  return result;
}
