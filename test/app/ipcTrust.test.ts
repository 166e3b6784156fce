/** IPC answers only the app's own page: exact file for packaged builds, same origin for the dev server. */
import { describe, expect, it } from 'vitest';
import { isTrustedUrl } from '../../src/main/ipc/trust.js';

describe('isTrustedUrl', () => {
  const file = 'file:///opt/Data%20Sanitizer/resources/app.asar/out/renderer/index.html';

  it('accepts the app page, with or without a fragment or query', () => {
    expect(isTrustedUrl(file, file)).toBe(true);
    expect(isTrustedUrl(`${file}#/diff`, file)).toBe(true);
    expect(isTrustedUrl(`${file}?x=1`, file)).toBe(true);
  });

  it('refuses other files, other schemes and missing frames', () => {
    expect(isTrustedUrl('file:///tmp/evil.html', file)).toBe(false);
    expect(isTrustedUrl('file:///opt/Data%20Sanitizer/resources/app.asar/out/renderer/other.html', file)).toBe(false);
    expect(isTrustedUrl('https://example.com/', file)).toBe(false);
    expect(isTrustedUrl('about:blank', file)).toBe(false);
    expect(isTrustedUrl(null, file)).toBe(false);
    expect(isTrustedUrl('not a url', file)).toBe(false);
  });

  it('matches the dev server by origin', () => {
    const dev = 'http://localhost:5173/';
    expect(isTrustedUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', 'javascript:alert(1)')).toBe(false);
  });
});
