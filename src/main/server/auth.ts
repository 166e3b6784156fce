/** Access control for the HTTP API: a bearer token compared in constant time, and same-origin/loopback-host checks. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 256 bits, URL-safe, so it can travel in `?token=` for EventSource. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token a request carries: `Authorization: Bearer …`, or `?token=` where the route allows it (EventSource cannot set headers). */
export function requestToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | null {
  const h = req.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    return m ? m[1]! : null;
  }
  return allowQuery ? url.searchParams.get('token') : null;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The hostname part of a Host header ('localhost:8080' → 'localhost', '[::1]:80' → '[::1]'). */
export function hostName(hostHeader: string): string {
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']');
    return end < 0 ? hostHeader : hostHeader.slice(0, end + 1);
  }
  const colon = hostHeader.lastIndexOf(':');
  return colon < 0 ? hostHeader : hostHeader.slice(0, colon);
}

/**
 * A server bound to loopback only answers loopback Host names, which defeats DNS rebinding
 * (a hostile page whose own name resolves to 127.0.0.1 sends its own Host header).
 */
export function hostAllowed(hostHeader: string | undefined, boundToLoopback: boolean): boolean {
  if (!hostHeader) return false;
  if (!boundToLoopback) return true;
  return isLoopbackHost(hostName(hostHeader).toLowerCase());
}

/** Browsers send Origin on cross-origin and on POST requests; it must be this server itself or an allowed origin. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  return hostHeader !== undefined && origin === `http://${hostHeader}`;
}
