import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { invokeChannels, type Reply } from '../../shared/ipc-schema';
import type { Dispatch } from '../ipc/dispatch';
import type { EventHub } from '../ipc/event-hub';
import { isTrustedSender, type TrustedRenderer } from '../ipc/sender-check';

const refused: Reply = {
  ok: false,
  error: { code: 'forbidden', message: 'this page may not call Gangway' },
};

/**
 * One ipcMain handler per schema channel. Each checks the sender (our window's top frame on
 * our page) before the dispatcher validates the payload and calls a service.
 */
export function registerIpc(
  dispatch: Dispatch,
  trusted: () => TrustedRenderer | undefined,
  onRefused: (channel: string, url: string | null) => void,
): void {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      const facts = {
        webContentsId: event.sender.id,
        frameUrl: frame?.url ?? null,
        isMainFrame: frame !== null && frame.parent === null,
      };
      if (!isTrustedSender(facts, trusted())) {
        onRefused(channel, facts.frameUrl);
        return refused;
      }
      return dispatch(channel, payload);
    });
  }
}

/** Forwards every (already validated) event to the window, if it is open. */
export function forwardEvents(events: EventHub, window: () => BrowserWindow | undefined): void {
  events.subscribe((event, payload) => {
    const w = window();
    if (w && !w.isDestroyed()) w.webContents.send(event, payload);
  });
}
