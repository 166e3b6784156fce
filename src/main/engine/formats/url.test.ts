/** Tests for URL recognition. */
import { describe, expect, it } from 'vitest';
import { isUrl } from './url.js';

describe('isUrl', () => {
  it.each([
    ['https://example.com', true],
    ['http://example.com/path?q=1#frag', true],
    ['https://user:pw@sub.example.co.uk:8080/x', true],
    ['ftp://files.example.org/a.txt', true],
    ['http://localhost:3000', true],
    ['http://192.168.0.1/admin', true],
    ['www.example.com', true],
    ['  https://例え.jp/パス ', true],
    ['example.com', false],
    ['https://', false],
    ['https://exa mple.com', false],
    ['mailto:a@b.com', false],
    ['javascript:alert(1)', false],
    ['http://-bad.com', false],
    ['just text', false],
  ])('%j → %s', (s, want) => {
    expect(isUrl(s)).toBe(want);
  });
});
