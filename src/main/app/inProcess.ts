/** The API as an in-process bridge: the same envelope and subscriptions the preload and HTTP clients give, for tests and embedding. */
import type { ApiBridge, ApiEvents, ApiResponse, ArgOf, EventName, Method, ResultOf } from '../../shared/api.js';
import type { ApiService } from './api.js';
import { dispatch } from './dispatch.js';

export function inProcessBridge(api: ApiService): ApiBridge {
  return {
    transport: 'in-process',
    async invoke<K extends Method>(method: K, arg: ArgOf<K>) {
      // A JSON round trip keeps in-process callers honest: only what a real transport can carry gets through.
      const wire = arg === undefined ? undefined : (JSON.parse(JSON.stringify(arg)) as unknown);
      const res = await dispatch(api.handlers, method, wire);
      return res as ApiResponse<ResultOf<K>>;
    },
    subscribe<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
      return api.events.subscribe(event, listener);
    },
  };
}
