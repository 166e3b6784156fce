/** ApiBridge over the served HTTP API: POST /api/<method> with a bearer token, events through one EventSource. */
import type { ApiBridge, ApiEvents, ApiResponse, ArgOf, EventName, Method, ResultOf } from '../../../shared/api.js';

const EVENTS: EventName[] = ['job.progress', 'job.finished'];

interface WireError {
  code?: string;
  message?: string;
  details?: unknown;
}

export function httpBridge(base: string, token: string): ApiBridge {
  let source: EventSource | null = null;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  function ensureStream(): void {
    if (source) return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    for (const name of EVENTS) {
      source.addEventListener(name, (ev) => {
        const payload = JSON.parse((ev as MessageEvent<string>).data) as never;
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  }

  return {
    transport: 'http',
    async invoke<K extends Method>(method: K, arg: ArgOf<K>): Promise<ApiResponse<ResultOf<K>>> {
      let res: Response;
      try {
        res = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: arg === undefined ? '{}' : JSON.stringify(arg),
        });
      } catch (err) {
        return { ok: false, error: { code: 'IO_ERROR', message: `cannot reach the server: ${(err as Error).message}` } };
      }
      const body = (await res.json().catch(() => null)) as { error?: WireError } | null;
      if (res.ok) return { ok: true, value: body as ResultOf<K> };
      const e = body?.error ?? {};
      const message = e.message ?? `HTTP ${res.status}`;
      // Transport refusals (401/403/413) are not engine codes; they surface as argument errors with the HTTP detail kept.
      if (res.status === 401 || res.status === 403 || res.status === 413 || res.status === 415) {
        return { ok: false, error: { code: 'INVALID_ARGUMENT', message, details: { http: res.status, code: e.code } } };
      }
      return { ok: false, error: { code: (e.code ?? 'INTERNAL') as 'INTERNAL', message, details: e.details } };
    },
    async upload(file: File): Promise<ApiResponse<{ path: string }>> {
      let res: Response;
      try {
        res = await fetch(`${base}/api/upload?name=${encodeURIComponent(file.name)}`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
          body: file,
        });
      } catch (err) {
        return { ok: false, error: { code: 'IO_ERROR', message: `cannot reach the server: ${(err as Error).message}` } };
      }
      const body = (await res.json().catch(() => null)) as { path?: string; error?: WireError } | null;
      if (res.ok && body?.path) return { ok: true, value: { path: body.path } };
      const e = body?.error ?? {};
      return { ok: false, error: { code: (e.code ?? 'INTERNAL') as 'INTERNAL', message: e.message ?? `upload failed: HTTP ${res.status}` } };
    },
    subscribe<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
      ensureStream();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const l = listener as (payload: never) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
  };
}
