/** The SignatureIndex contract on the team catalog (Postgres LSH buckets), plus workspace isolation and run deletion. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_SIZE } from '../../src/main/engine/dedupe/signature.js';
import { mix32 } from '../../src/main/engine/hash.js';
import { PostgresRunStore } from '../../src/main/store/PostgresRunStore.js';
import { hostileName, startPostgres, type PgTestServer } from './pgHarness.js';
import { signatureIndexContract } from './signatureIndex.contract.js';

let server: PgTestServer;
beforeAll(async () => { server = await startPostgres(); });
afterAll(async () => { await server?.stop(); });

const open = (schema: string, workspace = 'default') => PostgresRunStore.connect({ connection: { url: server.url }, schema, workspace });

signatureIndexContract('Postgres', {
  async fresh() {
    const schema = `sig_${randomBytes(4).toString('hex')}`;
    return {
      async open() {
        const store = await open(schema);
        return { index: store.signatureIndex(), close: () => store.close() };
      },
    };
  },
});

const sig = (seed: number): Uint32Array => Uint32Array.from({ length: SIGNATURE_SIZE }, (_, q) => mix32(q + 1, seed));

describe('PostgresSignatureIndex in the team catalog', () => {
  it('keeps workspaces apart and forgets a deleted run\'s rows', async () => {
    const schema = hostileName('sig');
    const a = await open(schema, 'acme');
    const b = await open(schema, 'globex');
    await a.beginRun({ id: 'r1', command: 'clean', input: '/a.csv', salt: '', startedAt: '2026-01-01T00:00:00Z' });
    await a.signatureIndex().add('customers', [{ runId: 'r1', row: 1, key: 'k1', signature: sig(1), values: { name: 'Ann' } }]);
    await b.signatureIndex().add('customers', [{ runId: 'r9', row: 5, key: 'k1', signature: sig(1), values: { name: 'Bob' } }]);
    expect(await a.signatureIndex().lookupExact('customers', ['k1'])).toEqual([{ runId: 'r1', row: 1 }]);
    expect(await b.signatureIndex().lookupExact('customers', ['k1'])).toEqual([{ runId: 'r9', row: 5 }]);
    expect((await b.signatureIndex().queryNear('customers', [sig(1)]))[0]!.map((h) => h.values)).toEqual([{ name: 'Bob' }]);
    expect(await a.deleteRun('r1')).toBe(true);
    expect(await a.signatureIndex().datasetInfo('customers')).toBeNull();
    expect(await b.signatureIndex().datasetInfo('customers')).toEqual({ runs: 1, rows: 1 });
    await a.close();
    await b.close();
  });

  it('records and finds 20,000 rows in batches', async () => {
    const s = await open(`sigbig_${randomBytes(4).toString('hex')}`);
    const idx = s.signatureIndex();
    const entries = Array.from({ length: 20_000 }, (_, i) => ({ runId: 'big', row: i + 1, key: `k${i}`, signature: sig(i), values: { i: String(i) } }));
    await idx.add('big', entries.slice(0, 12_000));
    await idx.add('big', entries.slice(12_000));
    expect(await idx.datasetInfo('big')).toEqual({ runs: 1, rows: 20_000 });
    const hits = await idx.queryNear('big', [sig(7), sig(19_999)], { limit: 1 });
    expect(hits.map((h) => h[0]?.row)).toEqual([8, 20_000]);
    expect(await idx.lookupExact('big', ['k0', 'k19999', 'nope'])).toEqual([{ runId: 'big', row: 1 }, { runId: 'big', row: 20_000 }, null]);
    await s.close();
  });
});
