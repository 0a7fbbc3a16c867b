import type { IpcErrorInfo } from './ipc-schema';

/**
 * A failed call as the renderer sees it: a stable code, a message and a hint a user can act on.
 * Use `ipcErrorOf(err)` in the renderer: in Electron the error has crossed the contextBridge,
 * which keeps only an Error's message, so the details travel encoded in that message.
 */
export class IpcError extends Error implements IpcErrorInfo {
  readonly code: string;
  readonly hint?: string;
  readonly location?: string;

  constructor(info: IpcErrorInfo) {
    super(info.message);
    this.name = 'IpcError';
    this.code = info.code;
    if (info.hint !== undefined) this.hint = info.hint;
    if (info.location !== undefined) this.location = info.location;
  }

  info(): IpcErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint !== undefined ? { hint: this.hint } : {}),
      ...(this.location !== undefined ? { location: this.location } : {}),
    };
  }
}

const BRIDGE_PREFIX = 'GANGWAY_IPC_ERROR:';

/** An Error whose message alone carries the details, for transports that drop properties. */
export function bridgeSafeError(info: IpcErrorInfo): Error {
  return new Error(`${BRIDGE_PREFIX}${JSON.stringify(info)}`);
}

/** The details of any error a GangwayApi call rejected with. */
export function ipcErrorOf(err: unknown): IpcErrorInfo {
  if (err instanceof IpcError) return err.info();
  const message = err instanceof Error ? err.message : String(err);
  const at = message.indexOf(BRIDGE_PREFIX);
  if (at >= 0) {
    try {
      const parsed = JSON.parse(message.slice(at + BRIDGE_PREFIX.length)) as Partial<IpcErrorInfo>;
      if (typeof parsed.code === 'string' && typeof parsed.message === 'string') {
        return new IpcError(parsed as IpcErrorInfo).info();
      }
    } catch {
      // Not ours after all: fall through to the plain message.
    }
  }
  return { code: 'internal', message };
}
