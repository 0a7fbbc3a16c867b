/**
 * The reliable control stream of one key_id: its own message ids, receive window and ACK list
 * (reliable.c; everything here is per key_id). The ControlChannel owns the session ids, the wrap
 * and the socket and routes packets here by key_id.
 */
import { AckList, ReliableReceiver, ReliableSender } from './reliable';

export class KeyChannel {
  readonly sender: ReliableSender;
  readonly receiver = new ReliableReceiver();
  readonly acks = new AckList();
  /** Set once the peer has ACKed our reset (id 0): TLS may start. */
  resetAcked = false;
  /** Set once the peer's reset (id 0) arrived. */
  peerResetSeen = false;
  /** The peer proved it keeps state for us (2.6 cookie, mudp.c do_pre_decrypt_check). */
  peerHasState = false;

  constructor(
    readonly keyId: number,
    initialTimeoutMs: number,
  ) {
    this.sender = new ReliableSender(initialTimeoutMs);
  }
}
