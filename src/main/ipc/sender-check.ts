/**
 * Which IPC senders main trusts: only the top frame of our own window, showing our own renderer
 * page. Plain data in, boolean out, so it is unit-tested without Electron.
 */

export interface SenderFacts {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent the message (null when the frame is gone). */
  frameUrl: string | null;
  /** The frame is the top frame (not an iframe). */
  isMainFrame: boolean;
}

export interface TrustedRenderer {
  webContentsId: number;
  /** file:// URL of dist/renderer/index.html. */
  pageUrl: string;
}

function withoutFragmentAndQuery(url: string): string | undefined {
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    return u.href;
  } catch {
    return undefined;
  }
}

export function isTrustedSender(
  sender: SenderFacts,
  trusted: TrustedRenderer | undefined,
): boolean {
  if (!trusted || sender.frameUrl === null || !sender.isMainFrame) return false;
  if (sender.webContentsId !== trusted.webContentsId) return false;
  const actual = withoutFragmentAndQuery(sender.frameUrl);
  return actual !== undefined && actual === withoutFragmentAndQuery(trusted.pageUrl);
}
