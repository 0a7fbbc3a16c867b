/**
 * The main-side half of the schema: one handler per invoke channel (the type forces all of them
 * to exist), a dispatcher that validates every request before a handler sees it and every
 * response before it leaves, and the mapping of errors to the reply envelope.
 */
import { Pkcs12PasswordError } from '../../core/config';
import { ConfigError, GangwayError } from '../../core/errors';
import {
  invokeSchema,
  isInvokeChannel,
  type InvokeChannel,
  type IpcErrorInfo,
  type Reply,
  type RequestOf,
  type ResponseOf,
} from '../../shared/ipc-schema';
import * as v from '../../shared/validate';

export type Handlers = {
  [C in InvokeChannel]: (request: RequestOf<C>) => Promise<ResponseOf<C>>;
};

export type Dispatch = (channel: unknown, payload: unknown) => Promise<Reply>;

export function errorInfo(err: unknown, onInternal?: (err: unknown) => void): IpcErrorInfo {
  if (err instanceof v.ValidationError) return { code: 'bad-request', message: err.message };
  if (err instanceof Pkcs12PasswordError) {
    // Distinct codes so the UI can ask for the bundle's password and import again.
    return { code: `pkcs12-password-${err.reason}`, message: err.message };
  }
  if (err instanceof ConfigError) {
    const location = err.location.line
      ? `${err.location.file}:${err.location.line}`
      : err.location.file;
    return {
      code: err.code,
      message: err.message,
      location,
      ...(err.hint ? { hint: err.hint } : {}),
    };
  }
  if (err instanceof GangwayError) {
    return { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
  }
  onInternal?.(err);
  // Library errors can carry paths or worse; the user gets a generic line, the log the detail.
  return { code: 'internal', message: 'an internal error occurred; see the application log' };
}

class ResponseError extends Error {}

/**
 * Responses are built from typed data; stripping extras keeps stray fields (and any secret a
 * future field might hold) from reaching the renderer. A response that breaks the schema is
 * our bug, reported as internal rather than blamed on the request.
 */
function checkedResponse(
  validator: v.Validator<unknown>,
  result: unknown,
  channel: string,
): unknown {
  try {
    return v.parse(validator, result, `${channel} response`, { allowExtra: true });
  } catch (err) {
    throw new ResponseError((err as Error).message);
  }
}

export function createDispatcher(
  handlers: Handlers,
  onInternal?: (channel: string, err: unknown) => void,
): Dispatch {
  return async (channel, payload) => {
    if (!isInvokeChannel(channel)) {
      return {
        ok: false,
        error: { code: 'bad-request', message: `unknown channel ${String(channel).slice(0, 64)}` },
      };
    }
    const spec = invokeSchema[channel] as {
      request: v.Validator<unknown>;
      response: v.Validator<unknown>;
    };
    try {
      const request = v.parse(spec.request, payload, channel);
      const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
      const result = await handler(request);
      return { ok: true, value: checkedResponse(spec.response, result, channel) };
    } catch (err) {
      return { ok: false, error: errorInfo(err, (e) => onInternal?.(channel, e)) };
    }
  };
}
