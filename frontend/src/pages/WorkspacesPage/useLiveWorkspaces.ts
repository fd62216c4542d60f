import { useCallback, useEffect, useRef, useState } from 'react';
import { openEventStream } from '../../api/sse';
import { getWorkspace, listWorkspaces, mergeWorkspace, TRANSITIONAL, Workspace } from '../../api/workspaces';
import { accessToken } from '../../modules/auth/auth';
import { ApiError, describeProblem } from '../../api/problem';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

/**
 * The caller's workspaces: one GET for the list, then the status stream (GET /api/v1/workspaces/events, read with
 * fetch so it carries the bearer token). Where the stream is not offered, an action's progress is followed by
 * re-reading that one workspace until it settles (bounded), so the page still shows the outcome.
 */
export function useLiveWorkspaces() {
  const [items, setItems] = useState<Workspace[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveState>('connecting');
  const liveRef = useRef<LiveState>('connecting');

  const upsert = useCallback((w: Workspace) => setItems((list) => mergeWorkspace(list ?? [], w)), []);

  const reload = useCallback(async () => {
    try {
      const page = await listWorkspaces();
      setItems(page.items.filter((w) => w.status !== 'DELETED'));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? describeProblem(e.problem) : String(e));
    }
  }, []);

  useEffect(() => {
    void reload();
    const stop = openEventStream({
      url: '/api/v1/workspaces/events',
      headers: () => ({ Authorization: `Bearer ${accessToken()}` }),
      onEvent: (e) => {
        if (e.event !== 'workspace') return;
        try {
          upsert(JSON.parse(e.data) as Workspace);
        } catch {
          // a malformed event is skipped; the next one carries the full state again
        }
      },
      onState: (s) => {
        const next: LiveState = s === 'open' ? 'live' : s === 'closed' ? liveRef.current === 'live'
          ? 'reconnecting' : liveRef.current : s;
        if (liveRef.current === 'unavailable') return;
        liveRef.current = next;
        setLive(next);
        // after a reconnect the stream resumes from Last-Event-ID; nothing to re-read
      },
      onRefused: (status) => {
        if (status === 401 || status === 404 || status === 400 || status === 405 || status === 501) {
          liveRef.current = 'unavailable';
          setLive('unavailable');
          return false;
        }
        return true;
      },
    });
    return stop;
  }, [reload, upsert]);

  /** After an action: when there is no live stream, follow this workspace until it leaves a transitional state. */
  const follow = useCallback(async (id: string, expectGone = false) => {
    const isLive = () => liveRef.current === 'live';
    if (isLive()) return;
    const deadline = Date.now() + 120_000;
    let delay = 500;
    while (Date.now() < deadline && !isLive()) {
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 1.5, 3000);
      try {
        const w = await getWorkspace(id);
        upsert(w);
        if (!TRANSITIONAL.includes(w.status) && !(expectGone && w.status !== 'DELETED')) return;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) {
          setItems((list) => (list ?? []).filter((w) => w.id !== id));
          return;
        }
      }
    }
  }, [upsert]);

  return { items, error, live, reload, upsert, follow };
}
