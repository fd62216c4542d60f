import { ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, describeProblem } from '../../api/problem';

/** A failure in one sentence; a 403 says plainly that the role does not allow it. */
export function explain(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 403) {
      return 'Your roles do not allow this.' + (e.problem.requestId ? ` [request ${e.problem.requestId}]` : '');
    }
    return describeProblem(e.problem);
  }
  return e instanceof Error ? e.message : String(e);
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads once on mount and on demand; keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  // the caller names what the loader depends on (like useEffect), so a new closure each render is no reload
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const d = await load();
      if (mine === seq.current) {
        setData(d);
        setError(null);
      }
    } catch (e) {
      if (mine === seq.current) setError(explain(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

/** The three states every admin page shows before its content. */
export function States({ loading, error, empty, emptyText, children }: {
  loading: boolean; error: string | null; empty: boolean; emptyText: string; children: ReactNode;
}) {
  if (error) return <p role="alert" className="error" data-testid="load-error">{error}</p>;
  if (loading && empty) return <p aria-live="polite" data-testid="loading">Loading…</p>;
  if (empty) return <p className="empty" data-testid="empty">{emptyText}</p>;
  return <>{children}</>;
}

/** Retries a read until the projection shows what a command just did (query-side is eventually consistent). */
export async function until<T>(read: () => Promise<T>, ok: (t: T) => boolean, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 300));
    last = await read();
  }
  return last;
}
