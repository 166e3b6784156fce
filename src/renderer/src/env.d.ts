/** Globals the renderer relies on: the preload's bridge (absent in a plain browser). */
import type { ApiBridge } from '../../shared/api.js';

declare global {
  interface Window {
    api?: ApiBridge;
  }
}

export {};
