/**
 * The server's decrypted TLS stream on one key_id: its key-method-2 message, then control
 * messages, each terminated by NUL (forward.c extract_command_buffer splits them so).
 *
 * Work and memory stay linear whatever the server sends: each received chunk is scanned once,
 * and an unterminated message may not grow past MAX_CONTROL_MESSAGE_BYTES. The stock client
 * reads a message into TLS_CHANNEL_BUF_SIZE (2048) bytes (common.h, ssl.c key_state_init);
 * the cap leaves room for servers that send more but stops a server that never ends one.
 */
import { GangwayError } from '../../errors';
import { parseServerKeyMethod2, type ServerKeyMethod2 } from '../handshake/key-method2';
import { trimTrailingNewlines } from '../push/control-message';

export const MAX_CONTROL_MESSAGE_BYTES = 64 * 1024;

export interface ServerPlaintext {
  /** The server's key-method-2 message, once, in the push that completed it. */
  keyMethod2?: ServerKeyMethod2;
  /** Complete control messages, without NUL and trailing CR/LF; empty ones left out. */
  messages: string[];
}

export class ServerPlaintextReader {
  /** Before key-method 2: every byte so far, in a buffer that doubles when full. */
  private head: Buffer | undefined = Buffer.alloc(1024);
  private headLength = 0;
  /** After it: the chunks of the message not yet terminated. */
  private pending: Buffer[] = [];
  private pendingLength = 0;

  /** Takes the next decrypted chunk; throws a GangwayError when the server breaks the rules. */
  push(chunk: Buffer): ServerPlaintext {
    if (!this.head) return { messages: this.splitMessages(chunk) };
    this.appendToHead(chunk);
    const view = this.head.subarray(0, this.headLength);
    const parsed = parseServerKeyMethod2(view);
    if (parsed === 'incomplete') return { messages: [] };
    this.head = undefined;
    const rest = Buffer.from(view.subarray(parsed.consumed));
    return { keyMethod2: parsed, messages: this.splitMessages(rest) };
  }

  private appendToHead(chunk: Buffer): void {
    const head = this.head as Buffer;
    const needed = this.headLength + chunk.length;
    if (needed > head.length) {
      const grown = Buffer.alloc(Math.max(needed, head.length * 2));
      head.copy(grown, 0, 0, this.headLength);
      this.head = grown;
    }
    chunk.copy(this.head as Buffer, this.headLength);
    this.headLength = needed;
  }

  private splitMessages(chunk: Buffer): string[] {
    const messages: string[] = [];
    let start = 0;
    for (let nul = chunk.indexOf(0); nul >= 0; nul = chunk.indexOf(0, start)) {
      this.checkLength(this.pendingLength + nul - start);
      const bytes =
        this.pendingLength === 0
          ? chunk.subarray(start, nul)
          : Buffer.concat([...this.pending, chunk.subarray(start, nul)]);
      this.pending = [];
      this.pendingLength = 0;
      const message = trimTrailingNewlines(bytes.toString('utf8'));
      if (message.length > 0) messages.push(message);
      start = nul + 1;
    }
    if (start < chunk.length) {
      this.checkLength(this.pendingLength + chunk.length - start);
      // A copy: a view would keep the whole chunk alive, so many one-byte tails could hold
      // far more memory than the cap counts.
      this.pending.push(Buffer.from(chunk.subarray(start)));
      this.pendingLength += chunk.length - start;
    }
    return messages;
  }

  private checkLength(length: number): void {
    if (length <= MAX_CONTROL_MESSAGE_BYTES) return;
    throw new GangwayError(
      'push-failed',
      `the server sent a control message longer than ${MAX_CONTROL_MESSAGE_BYTES} bytes; OpenVPN servers send at most 2048`,
      'The server is misconfigured or is not an OpenVPN server; tell the VPN administrator.',
    );
  }
}
