/** Server-sent events: each stream subscribes to the API's events and forwards them as `event: <name>` frames. */
import type { ServerResponse } from 'node:http';
import type { ApiEvents, EventName, Unsubscribe } from '../../shared/api.js';
import type { EventHub } from '../app/events.js';

const EVENTS: readonly EventName[] = ['job.progress', 'job.finished'] satisfies EventName[];
const HEARTBEAT_MS = 15_000;

export class SseStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly hub: EventHub) {}

  get size(): number {
    return this.open.size;
  }

  /** Takes over the response until the client goes away or `closeAll` runs. `only` filters event names. */
  attach(res: ServerResponse, only: ReadonlySet<string> | null): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 2000\n\n');
    const subs: Unsubscribe[] = [];
    for (const name of EVENTS) {
      if (only && !only.has(name)) continue;
      subs.push(this.hub.subscribe(name, (payload: ApiEvents[typeof name]) => {
        res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
      }));
    }
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    beat.unref();
    this.open.add(res);
    res.on('close', () => {
      clearInterval(beat);
      for (const u of subs) u();
      this.open.delete(res);
    });
  }

  closeAll(): void {
    for (const res of this.open) res.end();
  }
}
