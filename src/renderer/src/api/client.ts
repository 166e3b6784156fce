/** The typed client over any ApiBridge: unwraps envelopes into values or ApiError with the engine's code. */
import type { ApiBridge, ApiEvents, ArgOf, EventName, Method, ResultOf, Unsubscribe } from '../../../shared/api.js';

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Client {
  readonly bridge: ApiBridge;
  call<K extends Method>(method: K, arg: ArgOf<K>): Promise<ResultOf<K>>;
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): Unsubscribe;
}

export function createClient(bridge: ApiBridge): Client {
  return {
    bridge,
    async call<K extends Method>(method: K, arg: ArgOf<K>): Promise<ResultOf<K>> {
      const res = await bridge.invoke(method, arg);
      if (res.ok) return res.value as ResultOf<K>;
      throw new ApiError(res.error.code, res.error.message, res.error.details);
    },
    on(event, listener) {
      return bridge.subscribe(event, listener);
    },
  };
}

/** A message fit for the UI from anything thrown. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
