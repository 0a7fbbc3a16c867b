/**
 * Collects PUSH_REPLY messages until the set is complete (push.c): every chunk but the last
 * carries `push-continuation 2`. The continuation markers are removed from the option list.
 * The set is capped: a server that keeps sending continuations fails the session instead of
 * growing memory without end.
 */
import { GangwayError } from '../../errors';

const PREFIX = 'PUSH_REPLY';
/**
 * The most PUSH_REPLY text one set may carry. A stock server bundles options into messages of
 * about 1 KiB (common.h PUSH_BUNDLE_SIZE); a thousand routes take about 40 KiB.
 */
export const MAX_PUSH_REPLY_BYTES = 1024 * 1024;

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
  private bytes = 0;

  /**
   * Adds one message; returns every option once the last chunk arrived, else undefined.
   * Throws a GangwayError ('push-failed') when the set outgrows MAX_PUSH_REPLY_BYTES.
   */
  add(message: string): string[] | undefined {
    this.bytes += message.length;
    if (this.bytes > MAX_PUSH_REPLY_BYTES) {
      this.options = [];
      this.bytes = 0;
      throw new GangwayError(
        'push-failed',
        `the server's configuration (PUSH_REPLY with its continuations) is larger than ${MAX_PUSH_REPLY_BYTES} bytes`,
        'The server pushes far more than a VPN client needs; tell the VPN administrator.',
      );
    }
    let more = false;
    for (const option of pushReplyOptions(message)) {
      const match = /^push-continuation\s+(\d+)$/.exec(option);
      if (match) more = match[1] === '2';
      else this.options.push(option);
    }
    if (more) return undefined;
    const complete = this.options;
    this.options = [];
    this.bytes = 0;
    return complete;
  }

  /** True while chunks of an incomplete set are buffered. */
  get pending(): boolean {
    return this.options.length > 0;
  }
}
