import type { LogEntry } from '../../shared/ipc-schema';
import { logLineText } from '../../shared/log-line';
import { redact } from '../../core/redact';

/** The last N lines of each session, redacted on the way in, so nothing stored holds a secret. */
export class LogBook {
  private readonly logs = new Map<string, { entries: LogEntry[]; secrets: Set<string> }>();

  constructor(
    private readonly capacity = 5000,
    private readonly maxSessions = 50,
  ) {}

  private slot(sessionId: string) {
    let slot = this.logs.get(sessionId);
    if (!slot) {
      slot = { entries: [], secrets: new Set() };
      this.logs.set(sessionId, slot);
      // Keep the newest sessions' logs only.
      while (this.logs.size > this.maxSessions) {
        const oldest = this.logs.keys().next().value as string;
        this.logs.delete(oldest);
      }
    }
    return slot;
  }

  /** A value that must be masked wherever it appears in this session's log. */
  addSecret(sessionId: string, secret: string): void {
    this.slot(sessionId).secrets.add(secret);
  }

  append(sessionId: string, entry: LogEntry): LogEntry {
    const slot = this.slot(sessionId);
    const clean: LogEntry = {
      at: entry.at,
      level: entry.level,
      message: redact(entry.message, slot.secrets).slice(0, 4096),
    };
    slot.entries.push(clean);
    if (slot.entries.length > this.capacity)
      slot.entries.splice(0, slot.entries.length - this.capacity);
    return clean;
  }

  get(sessionId: string): LogEntry[] {
    return [...(this.logs.get(sessionId)?.entries ?? [])];
  }

  has(sessionId: string): boolean {
    return this.logs.has(sessionId);
  }

  exportText(sessionId: string, header: string): string {
    const lines = this.get(sessionId).map(logLineText);
    return `${header}\n${lines.join('\n')}\n`;
  }
}
