/** PII detectors: published test numbers pass, near misses fail, and a column is flagged only on enough evidence. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPii, isCreditCard, isIban, isNationalId, luhnValid, PII_MIN_SHARE, piiKindOf } from './pii.js';

describe('single values', () => {
  it('payment cards: issuer test numbers with and without separators; Luhn and issuer enforced', () => {
    for (const card of ['4111111111111111', '4012888888881881', '5555555555554444', '2223003122003222', '378282246310005', '6011111111111117', '3530111333300000', '30569309025904', '6200000000000005', '4111 1111 1111 1111', '4111-1111-1111-1111']) {
      expect([card, isCreditCard(card)]).toEqual([card, true]);
    }
    for (const not of ['4111111111111112', '1234567812345670', '0000000000000000', '4111 1111 1111 111', '4111111111111111111111', '411111111111111a', '4111  1111 1111 1111']) {
      expect([not, isCreditCard(not)]).toEqual([not, false]);
    }
  });

  it('Luhn agrees with a direct computation on any digit string', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{1,19}$/), (d) => {
      const sum = [...d].reverse().reduce((acc, ch, i) => {
        const x = Number(ch) * (i % 2 === 1 ? 2 : 1);
        return acc + (x > 9 ? x - 9 : x);
      }, 0);
      expect(luhnValid(d)).toBe(sum % 10 === 0);
    }));
  });

  it('national ids: US SSN, UK NINO and Canadian SIN in their written forms, with the impossible ones refused', () => {
    for (const id of ['123-45-6789', '078-05-1120', 'AB 12 34 56 C', 'ab123456c', 'JG103759A', '046 454 286', '046-454-286']) expect([id, isNationalId(id)]).toEqual([id, true]);
    for (const not of ['000-12-3456', '666-12-3456', '900-12-3456', '123-00-4567', '123-45-0000', '123456789', 'QQ 12 34 56 C', 'GB 12 34 56 A', 'AO 12 34 56 A', 'AB 12 34 56 E', '046 454 287', '046454286']) {
      expect([not, isNationalId(not)]).toEqual([not, false]);
    }
  });

  it('IBANs: country length and the mod-97 check', () => {
    for (const iban of ['GB82 WEST 1234 5698 7654 32', 'DE89 3704 0044 0532 0130 00', 'NL91ABNA0417164300', 'fr14 2004 1010 0505 0001 3m02 606', 'NO9386011117947']) expect([iban, isIban(iban)]).toEqual([iban, true]);
    for (const not of ['GB82 WEST 1234 5698 7654 33', 'XX82WEST12345698765432', 'GB82WEST123456987654', 'DE89370400440532013001', 'GB82-WEST-1234-5698-7654-32']) expect([not, isIban(not)]).toEqual([not, false]);
  });

  it('classifies whole values, finds an email inside text, and leaves ordinary values alone', () => {
    expect(piiKindOf('ann@example.com')).toBe('email');
    expect(piiKindOf('  <ANN@Example.COM> ')).toBe('email');
    expect(piiKindOf('call Ann (ann.lee+x@mail.example.org) after 5')).toBe('email');
    expect(piiKindOf('+1 (555) 123-4567')).toBe('phone');
    expect(piiKindOf('020 7946 0958')).toBe('phone');
    expect(piiKindOf('123-45-6789')).toBe('national-id');
    expect(piiKindOf('4111 1111 1111 1111')).toBe('credit-card');
    expect(piiKindOf('DE89 3704 0044 0532 0130 00')).toBe('iban');
    for (const plain of ['Ann Lee', '5551234', '2020-03-04', '12.5', 'a @ b', 'New York', '', '9007199254740993', '1,234,567']) expect([plain, piiKindOf(plain)]).toEqual([plain, null]);
  });
});

describe('detectPii over a column sample', () => {
  it('reports each kind with its share of the non-blank values', () => {
    const values = [...Array.from({ length: 6 }, (_, i) => `user${i}@example.com`), '', '  ', 'n/a', '+44 20 7946 0958', 'Ann', 'Bob'];
    expect(detectPii(values)).toEqual([{ kind: 'email', share: 0.6 }]);
    const cards = ['4111111111111111', '5555 5555 5555 4444', '378282246310005', 'none'];
    expect(detectPii(cards)).toEqual([{ kind: 'credit-card', share: 0.75 }]);
  });

  it('flags a single email or IBAN among many values, but not a weakly checked kind', () => {
    const notes = Array.from({ length: 999 }, (_, i) => `note ${i}`);
    expect(detectPii([...notes, 'mail me at ann@example.com'])).toEqual([{ kind: 'email', share: 0.001 }]);
    expect(detectPii([...notes, 'GB82 WEST 1234 5698 7654 32'])).toEqual([{ kind: 'iban', share: 0.001 }]);
    expect(detectPii([...notes, '123-45-6789', '4111111111111111', '+1 555 123 4567'])).toEqual([]);
  });

  it('does not mistake sequential 16-digit ids for card numbers', () => {
    // One in ten passes Luhn whatever the prefix; that stays under the threshold.
    const ids = Array.from({ length: 1000 }, (_, i) => String(4_000_000_000_000_000 + i * 7));
    const share = ids.filter(isCreditCard).length / ids.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(PII_MIN_SHARE);
    expect(detectPii(ids)).toEqual([]);
  });
});
