/** Tests for phone recognition and normalisation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPhone, normalizePhone, normalizePhoneDetailed } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+1 (555) 123-4567', undefined, '+15551234567'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958'],
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['020 7946 0958', '44', '+442079460958'],
    ['(555) 123-4567', '1', '+15551234567'],
    ['1-555-123-4567', '1', '+15551234567'],
    ['555.123.4567', undefined, '5551234567'],
    ['555-1234', undefined, '5551234'],
    ['+1 555 123 4567 x89', undefined, '+15551234567;ext=89'],
    ['+1 555 123 4567 ext. 89', undefined, '+15551234567;ext=89'],
    ['555-123-4567 #12', undefined, '5551234567;ext=12'],
    ['+15551234567;ext=89', undefined, '+15551234567;ext=89'],
    ['+15551234567', '44', '+15551234567'],
    ['123-456', undefined, null],
    ['+1234567890123456', undefined, null],
    ['555-CALL-NOW', undefined, null],
    ['2021-03-04', undefined, null],
    ['04/03/2021', undefined, null],
    ['+1 555+123', undefined, null],
    ['(555 123-4567', undefined, null],
    ['', undefined, null],
    // The international prefix counts however it is written; digits-only output never starts with 00.
    ['(000 000 0)', undefined, null],
    ['(00 44) 20 7946 0958', undefined, '+442079460958'],
  ])('%j (cc %s) → %j', (s, cc, want) => {
    expect(normalizePhone(s, cc)).toBe(want);
  });

  it('reports where the country code came from', () => {
    expect(normalizePhoneDetailed('+44 20 7946 0958')?.country).toBe('explicit');
    expect(normalizePhoneDetailed('020 7946 0958', '44')?.country).toBe('default');
    expect(normalizePhoneDetailed('020 7946 0958')?.country).toBe('none');
  });

  it('is idempotent with and without a default country code', () => {
    const phone = fc.tuple(fc.constantFrom('', '+', '00', '0', '('), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 5, maxLength: 16 }), fc.constantFrom(' ', '-', '.', ''), fc.option(fc.constantFrom('1', '44', '49', '353'), { nil: undefined }), fc.constantFrom('', ' x12'))
      .map(([pre, ds, sep, cc, ext]) => [`${pre}${ds.join('').replace(/(\d{3})/g, `$1${sep}`)}${pre === '(' ? ')' : ''}${ext}`, cc] as const);
    fc.assert(fc.property(phone, ([s, cc]) => {
      const once = normalizePhone(s, cc);
      if (once !== null) expect(normalizePhone(once, cc)).toBe(once);
    }));
  });
});

describe('isPhone', () => {
  it.each([
    ['+1 555 123 4567', true],
    ['(555) 123-4567', true],
    ['555-1234', true],
    ['0044 20 7946 0958', true],
    ['5551234567', false],
    ['1 234 567', false],
    ['123.45', false],
    ['2021-03-04', false],
    ['hello', false],
  ])('%j → %s', (s, want) => {
    expect(isPhone(s)).toBe(want);
  });
});
