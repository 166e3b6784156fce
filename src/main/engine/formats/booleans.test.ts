/** Tests for loose boolean parsing. */
import { describe, expect, it } from 'vitest';
import { BooleanMatcher, DEFAULT_FALSY, DEFAULT_TRUTHY, parseBooleanLoose } from './booleans.js';

describe('parseBooleanLoose', () => {
  it.each([
    ['true', true], ['TRUE', true], [' Yes ', true], ['y', true], ['T', true], ['1', true], ['on', true],
    ['false', false], ['No', false], ['n', false], ['f', false], ['0', false], ['OFF', false],
    ['', null], ['maybe', null], ['2', null], ['yess', null],
  ])('%j → %s', (s, want) => {
    expect(parseBooleanLoose(s, DEFAULT_TRUTHY, DEFAULT_FALSY)).toBe(want);
    expect(new BooleanMatcher().match(s)).toBe(want);
  });

  it('uses custom spellings case-insensitively', () => {
    expect(parseBooleanLoose('Ja', ['ja'], ['nein'])).toBe(true);
    expect(parseBooleanLoose('NEIN', ['ja'], ['nein'])).toBe(false);
    expect(parseBooleanLoose('yes', ['ja'], ['nein'])).toBeNull();
    expect(new BooleanMatcher(['Oui'], ['Non']).match('oui')).toBe(true);
  });
});
