/** Postgres connection settings without a server: URL parsing, TLS modes, redaction, identifier quoting, transient errors. */
import { describe, expect, it } from 'vitest';
import { isTransient, poolConfig, quoteIdent, redactUrl, withRetry } from '../../src/main/store/pg/connection.js';
import { copyCell, encodeCopyRows } from '../../src/main/store/pg/copyText.js';

describe('Postgres connection settings', () => {
  it('parses the URL and maps sslmode to TLS options; the option object wins over the URL', () => {
    const c = poolConfig({ url: 'postgres://ann:s%40cret@db.internal:6543/sales?sslmode=verify-full', statementTimeoutMs: 5000 });
    expect(c).toMatchObject({ host: 'db.internal', port: 6543, user: 'ann', password: 's@cret', database: 'sales', statement_timeout: 5000, ssl: { rejectUnauthorized: true } });
    expect(poolConfig({ url: 'postgres://h/db?sslmode=require' }).ssl).toEqual({ rejectUnauthorized: false });
    expect(poolConfig({ url: 'postgres://h/db' }).ssl).toBe(false);
    expect(poolConfig({ url: 'postgres://h/db?sslmode=require', tls: { mode: 'disable' } }).ssl).toBe(false);
    const ca = poolConfig({ url: 'postgres://h/db', tls: { mode: 'verify-ca', ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' } }).ssl as { ca: string; checkServerIdentity: () => unknown };
    expect(ca.ca).toContain('BEGIN CERTIFICATE');
    expect(ca.checkServerIdentity()).toBeUndefined();
    expect(poolConfig({ url: 'postgres://u@h/db', password: 'from-profile' }).password).toBe('from-profile');
    expect(poolConfig({ url: 'postgres://u:inline@h/db', password: 'from-profile' }).password).toBe('inline');
    expect(() => poolConfig({ url: 'postgres://h/db?sslmode=sometimes' })).toThrow(/unknown sslmode/);
    expect(() => poolConfig({ url: 'mysql://h/db' })).toThrow(/not a Postgres URL/);
  });

  it('redacts passwords and secret-looking parameters', () => {
    expect(redactUrl('postgres://ann:s3cret@h:5432/db?sslmode=require&sslpassword=x')).toBe('postgres://ann@h:5432/db?sslmode=require&sslpassword=***');
    expect(redactUrl('postgres://h/db')).toBe('postgres://h/db');
    expect(redactUrl('not a url://ann:pw@x')).not.toContain('pw');
  });

  it('quotes identifiers, doubling quotes, and refuses what Postgres cannot hold', () => {
    expect(quoteIdent('a"b; DROP')).toBe('"a""b; DROP"');
    expect(quoteIdent('ünï ✓')).toBe('"ünï ✓"');
    expect(() => quoteIdent('')).toThrow(/empty/);
    expect(() => quoteIdent('a\u0000b')).toThrow(/NUL/);
    expect(() => quoteIdent('é'.repeat(32))).toThrow(/63-byte/);
  });

  it('retries only transient failures, with backoff, and gives up after the attempts', async () => {
    let n = 0;
    const out = await withRetry(async () => {
      n++;
      if (n < 3) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      return 'done';
    }, { baseDelayMs: 1 });
    expect([out, n]).toEqual(['done', 3]);
    let m = 0;
    await expect(withRetry(async () => { m++; throw Object.assign(new Error('syntax error'), { code: '42601' }); }, { baseDelayMs: 1 })).rejects.toThrow(/syntax/);
    expect(m).toBe(1);
    let k = 0;
    await expect(withRetry(async () => { k++; throw Object.assign(new Error('reset'), { code: 'ECONNRESET' }); }, { attempts: 2, baseDelayMs: 1 })).rejects.toThrow(/reset/);
    expect(k).toBe(2);
    expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransient({ code: '23505' })).toBe(false);
  });

  it('encodes COPY text: escapes, nulls, booleans, numbers, and refuses NUL', () => {
    expect(encodeCopyRows([[1, null], ['a\tb\\c\nd\re', true]], ['n', 's'], 2)).toBe('1\ta\\tb\\\\c\\nd\\re\n\\N\tt\n');
    expect(copyCell(1e21, 'x')).toBe('1e+21');
    expect(() => copyCell('a\u0000', 'col')).toThrow(/col.*NUL/);
  });
});
