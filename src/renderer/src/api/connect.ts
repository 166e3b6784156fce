/** Chooses the transport: the preload's bridge inside Electron, else the HTTP server this page came from (token from ?token=, kept per tab). */
import type { ApiBridge } from '../../../shared/api.js';
import { httpBridge } from './httpBridge.js';

const TOKEN_KEY = 'data-sanitizer.token';

/** Moves a `?token=` from the address bar into sessionStorage, so it is not left in history or shared by copy-paste. */
export function takeTokenFromUrl(): string | null {
  const url = new URL(window.location.href);
  const t = url.searchParams.get('token');
  if (t) {
    sessionStorage.setItem(TOKEN_KEY, t);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The bridge for this page, or null when served over HTTP without a token yet. */
export function connect(): ApiBridge | null {
  if (window.api) return window.api;
  const token = takeTokenFromUrl();
  return token ? httpBridge(window.location.origin, token) : null;
}
