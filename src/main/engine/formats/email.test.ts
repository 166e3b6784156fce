/** Tests for email recognition and normalisation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEmail, normalizeEmail } from './email.js';

describe('normalizeEmail', () => {
  it.each([
    ['john@example.com', 'john@example.com'],
    ['  John.Doe@Example.COM ', 'john.doe@example.com'],
    ['mailto:Ann@Example.org', 'ann@example.org'],
    ['<ann@example.org>', 'ann@example.org'],
    ['a+tag@sub.example.co.uk', 'a+tag@sub.example.co.uk'],
    ["o'neil@example.ie", "o'neil@example.ie"],
    ['user@münchen.de', 'user@münchen.de'],
    ['user@xn--mnchen-3ya.de', 'user@xn--mnchen-3ya.de'],
    ['plainaddress', null],
    ['@example.com', null],
    ['john@', null],
    ['john@example', null],
    ['john@@example.com', null],
    ['john..doe@example.com', null],
    ['.john@example.com', null],
    ['john@-example.com', null],
    ['john@example.c', null],
    ['john doe@example.com', null],
    ['john@exa mple.com', null],
    ['', null],
    [`${'a'.repeat(65)}@example.com`, null],
  ])('%j → %j', (s, want) => {
    expect(normalizeEmail(s)).toBe(want);
    expect(isEmail(s)).toBe(want !== null);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.emailAddress(), (e) => {
      const once = normalizeEmail(e);
      if (once !== null) expect(normalizeEmail(once)).toBe(once);
    }));
  });
});
