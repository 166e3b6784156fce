/** The SignatureIndex contract on a real Milvus, when MILVUS_ADDRESS names one; skipped otherwise (no fake server stands in). */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SIGNATURE_SIZE } from '../../src/main/engine/dedupe/signature.js';
import { bbitVector, B_BITS, VECTOR_DIM } from '../../src/main/store/milvus/MilvusSignatureIndex.js';
import { signatureIndexContract } from './signatureIndex.contract.js';

const address = process.env['MILVUS_ADDRESS'];

describe('b-bit one-hot vectors (no server needed)', () => {
  it('sets one bit per position, so Hamming distance is twice the number of differing low bits', () => {
    const a = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, q) => q * 7919);
    const b = a.slice();
    b[3] = (b[3]! ^ 1) >>> 0;
    b[10] = (b[10]! + (1 << B_BITS)) >>> 0;
    const va = bbitVector(a);
    const vb = bbitVector(b);
    expect(va).toHaveLength(VECTOR_DIM / 8);
    const ones = (v: number[]) => v.reduce((n, x) => n + x.toString(2).split('1').length - 1, 0);
    expect(ones(va)).toBe(SIGNATURE_SIZE);
    const hamming = va.reduce((n, x, i) => n + (x ^ vb[i]!).toString(2).split('1').length - 1, 0);
    // Position 3 differs in its low bits; position 10 only above them, which b-bit hashing cannot see.
    expect(hamming).toBe(2);
  });
});

if (!address) {
  describe('SignatureIndex contract: Milvus', () => {
    it.skip('skipped: set MILVUS_ADDRESS (host:19530) to run the contract against a real Milvus', () => undefined);
  });
} else {
  const prefixes: string[] = [];
  const openIndex = async (prefix: string) => {
    const { MilvusSignatureIndex } = await import('../../src/main/store/milvus/MilvusSignatureIndex.js');
    return MilvusSignatureIndex.open({ address, collectionPrefix: prefix, ...(process.env['MILVUS_TOKEN'] ? { token: process.env['MILVUS_TOKEN'] } : {}) });
  };
  afterAll(async () => {
    for (const p of prefixes) {
      const index = await openIndex(p);
      await index.dropAll();
      await index.close();
    }
  });
  signatureIndexContract('Milvus', {
    async fresh() {
      const prefix = `ds_test_${randomBytes(4).toString('hex')}_`;
      prefixes.push(prefix);
      return {
        async open() {
          const index = await openIndex(prefix);
          return { index, close: () => index.close() };
        },
      };
    },
  });
}
