/** Cooperative yielding for long synchronous phases, so an AbortSignal raised meanwhile is seen. */
import { setImmediate as nextTick } from 'node:timers/promises';
import { throwIfAborted } from '../errors.js';

/** Lets the event loop run (timers, abort handlers), then throws CancelledError if the signal fired. */
export async function pause(signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  await nextTick();
  throwIfAborted(signal);
}
