/** Typed fan-out of API events to subscribers; a throwing subscriber never stops the others or the job. */
import type { ApiEvents, EventName, Unsubscribe } from '../../shared/api.js';

type Listener<E extends EventName> = (payload: ApiEvents[E]) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  subscribe<E extends EventName>(event: E, listener: Listener<E>): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const l = listener as Listener<EventName>;
    set.add(l);
    return () => {
      set.delete(l);
    };
  }

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const l of [...set]) {
      try {
        l(payload);
      } catch (err) {
        process.emitWarning(`event listener for ${event} threw: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  count(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
