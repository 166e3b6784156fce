/** Calls a handler by name for a transport: unknown names are refused, every failure becomes a serialised error. */
import type { ApiResponse, Handlers, Method } from '../../shared/api.js';
import { EngineError, serializeError } from '../engine/errors.js';

export function isMethod(handlers: Handlers, name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(handlers, name);
}

export interface DispatchHooks {
  /** Called with anything thrown that is not an EngineError: a bug, worth a stack trace in the log. */
  onBug?: (method: string, err: unknown) => void;
}

export async function dispatch(handlers: Handlers, method: string, arg: unknown, hooks: DispatchHooks = {}): Promise<ApiResponse<unknown>> {
  if (!isMethod(handlers, method)) {
    return { ok: false, error: { code: 'NOT_FOUND', message: `unknown API method ${JSON.stringify(method.slice(0, 100))}` } };
  }
  try {
    const fn = handlers[method] as (a: unknown) => Promise<unknown>;
    return { ok: true, value: await fn(arg) };
  } catch (err) {
    if (!(err instanceof EngineError)) hooks.onBug?.(method, err);
    return { ok: false, error: serializeError(err) };
  }
}
