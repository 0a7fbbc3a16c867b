/**
 * Collects PUSH_REPLY messages until the set is complete (push.c): every chunk but the last
 * carries `push-continuation 2`. The continuation markers are removed from the option list.
 */
const PREFIX = 'PUSH_REPLY';

export function isPushReply(message: string): boolean {
  return message === PREFIX || message.startsWith(`${PREFIX},`);
}

/** The option lines of one PUSH_REPLY message (empty strings dropped). */
export function pushReplyOptions(message: string): string[] {
  if (!isPushReply(message)) throw new RangeError('not a PUSH_REPLY');
  return message
    .slice(PREFIX.length + 1)
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}

export class PushReplyAccumulator {
  private options: string[] = [];

  /** Adds one message; returns every option once the last chunk arrived, else undefined. */
  add(message: string): string[] | undefined {
    let more = false;
    for (const option of pushReplyOptions(message)) {
      const match = /^push-continuation\s+(\d+)$/.exec(option);
      if (match) more = match[1] === '2';
      else this.options.push(option);
    }
    if (more) return undefined;
    const complete = this.options;
    this.options = [];
    return complete;
  }

  /** True while chunks of an incomplete set are buffered. */
  get pending(): boolean {
    return this.options.length > 0;
  }
}
