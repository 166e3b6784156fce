/** Cross-run keys and MinHash signatures: stable across column order, alike for alike rows, far for unrelated ones. */
import { describe, expect, it } from 'vitest';
import type { Cell } from '../table.js';
import { RowSigner, SIGNATURE_SIZE, bandKeys, signatureSimilarity } from './signature.js';
import type { DedupeField } from './types.js';

const FIELDS: DedupeField[] = [
  { name: 'name', type: 'text' }, { name: 'street', type: 'text' }, { name: 'dob', type: 'date' }, { name: 'state', type: 'categorical' },
];

/** One row as batch columns (one cell per column). */
const cols = (...cells: Cell[]): Cell[][] => cells.map((c) => [c]);

describe('RowSigner', () => {
  const signer = new RowSigner(FIELDS);

  it('keys rows by field name and text value, whatever the column order', () => {
    const k = signer.key(cols('Ann Lee', '12 High St', '1980-01-02', 'nsw'), 0);
    expect(k).toMatch(/^[0-9a-f]{16}$/);
    const reordered = new RowSigner([FIELDS[3]!, FIELDS[0]!, FIELDS[2]!, FIELDS[1]!]);
    expect(reordered.key(cols('nsw', 'Ann Lee', '1980-01-02', '12 High St'), 0)).toBe(k);
    expect(signer.key(cols('Ann Lee', '12 High St', '1980-01-02', 'vic'), 0)).not.toBe(k);
    expect(signer.key(cols('Ann Lee', null, '1980-01-02', 'nsw'), 0)).not.toBe(signer.key(cols('Ann Lee', '', '1980-01-02', 'nsw'), 0));
    expect(signer.key(cols(null, null, 19800102, null), 0)).toBe(signer.key(cols(null, null, '19800102', null), 0));
  });

  it('gives alike rows signatures that share bands and unrelated rows ones that do not', () => {
    const a = signer.signature(cols('Jonathan Whitfield', '27 Wattlebrook Parade', '1971-04-23', 'act'), 0)!;
    const b = signer.signature(cols('Jonathon Whitfeld', '27 Wattlebrook Pde', '1971-04-23', 'nsw'), 0)!;
    const c = signer.signature(cols('Maria Gonzales', '3 Ocean View Road', '1990-11-05', 'act'), 0)!;
    expect(a).toHaveLength(SIGNATURE_SIZE);
    expect(signatureSimilarity(a, a)).toBe(1);
    expect(signatureSimilarity(a, b)).toBeGreaterThan(0.4);
    expect(signatureSimilarity(a, c)).toBeLessThan(0.15);
    const shared = (x: Uint32Array, y: Uint32Array): number => {
      const bx = bandKeys(x);
      const by = bandKeys(y);
      return bx.filter((v, i) => v === by[i]).length;
    };
    expect(shared(a, b)).toBeGreaterThan(0);
    expect(shared(a, c)).toBe(0);
  });

  it('ignores categories, case and punctuation, and has no signature without values', () => {
    const a = signer.signature(cols('Ann Lee', '12 High St', null, 'nsw'), 0)!;
    expect(signer.signature(cols('ANN  LEE', '12 High St.', null, 'wa'), 0)).toEqual(a);
    expect(signer.signature(cols(null, null, null, 'nsw'), 0)).toBeNull();
    expect(signer.signature(cols('', ' ', null, null), 0)).toBeNull();
    expect(signer.values(cols('Ann', null, 19800102, true), 0)).toEqual({ name: 'Ann', street: null, dob: '19800102', state: 'true' });
  });

  it('does not depend on the field being compared under another name', () => {
    const other = new RowSigner([{ name: 'full_name', type: 'text' }]);
    const mine = new RowSigner([{ name: 'name', type: 'text' }]);
    expect(signatureSimilarity(other.signature(cols('Ann Lee'), 0)!, mine.signature(cols('Ann Lee'), 0)!)).toBeLessThan(0.2);
  });
});
