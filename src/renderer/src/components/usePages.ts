/** On-demand page cache for virtualized lists: fetches the pages a visible range needs, keeps a bounded number. */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface PageLoad<T> {
  items: T[];
  total: number;
}

export interface PagedData<T> {
  /** Item at an index, or undefined while its page loads. */
  get(index: number): T | undefined;
  /** Asks for the pages covering [start, end]. */
  ensure(start: number, end: number): void;
  total: number;
  loading: boolean;
  error: string | null;
}

const MAX_PAGES = 80;

/**
 * `key` identifies the data set (path, filters); changing it drops the cache. The first page
 * is fetched at once so `total` is known before anything scrolls.
 */
export function usePages<T>(key: string, pageSize: number, fetchPage: (offset: number, limit: number) => Promise<PageLoad<T>>): PagedData<T> {
  const pages = useRef(new Map<number, T[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const [, setTick] = useState(0);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback((page: number) => {
    if (pages.current.has(page) || inflight.current.has(page)) return;
    const gen = generation.current;
    inflight.current.add(page);
    fetchRef.current(page * pageSize, pageSize).then((res) => {
      if (gen !== generation.current) return;
      inflight.current.delete(page);
      pages.current.set(page, res.items);
      // Oldest pages go first; the visible ones were just requested, so they are the newest.
      while (pages.current.size > MAX_PAGES) pages.current.delete(pages.current.keys().next().value as number);
      setTotal(res.total);
      setLoading(false);
      setError(null);
      setTick((t) => t + 1);
    }, (err: unknown) => {
      if (gen !== generation.current) return;
      inflight.current.delete(page);
      setLoading(false);
      setError(err instanceof Error ? err.message : String(err));
    });
  }, [pageSize]);

  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    inflight.current = new Set();
    setTotal(0);
    setLoading(true);
    setError(null);
    load(0);
  }, [key, load]);

  const get = useCallback((index: number): T | undefined => pages.current.get(Math.floor(index / pageSize))?.[index % pageSize], [pageSize]);
  const ensure = useCallback((start: number, end: number) => {
    for (let p = Math.floor(start / pageSize); p <= Math.floor(end / pageSize); p++) load(p);
  }, [load, pageSize]);

  return { get, ensure, total, loading, error };
}
