// The client side of inline completions: an adaptive debounce (around 300 ms, following the user's typing speed),
// one request at a time (the previous one is aborted on every keystroke), and an LRU cache that also answers when
// the user has typed ahead the beginning of a cached completion. Time and the request are injected (tests).

export interface CompletionQuery {
  path: string;
  prefix: string;
  suffix: string;
}

interface Entry {
  key: string;
  path: string;
  prefix: string;
  suffix: string;
  completion: string;
  at: number;
}

export interface EngineOptions {
  /** Calls the server; must honour the signal. */
  fetch: (q: CompletionQuery, signal: AbortSignal) => Promise<string>;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  baseDelayMs?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  cacheSize?: number;
  cacheTtlMs?: number;
}

const abortError = () => new DOMException('superseded', 'AbortError');

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(abortError());
    }, { once: true });
  });

const aborted = (signal: AbortSignal) => new Promise<never>((_, reject) => {
  if (signal.aborted) reject(abortError());
  signal.addEventListener('abort', () => reject(abortError()), { once: true });
});

/** Only the end of the prefix and the start of the suffix identify a completion's place. */
const PREFIX_KEY = 2000;
const SUFFIX_KEY = 500;
/** How far ahead of a cached completion the user may have typed and still get its rest. */
const TYPED_AHEAD_MAX = 500;

export class CompletionEngine {
  private readonly opts: Required<EngineOptions>;
  private readonly cache = new Map<string, Entry>();
  private current: AbortController | null = null;
  private lastRequestAt: number | null = null;
  /** Smoothed time between the user's keystrokes (requests), ms. */
  private interval: number;

  constructor(opts: EngineOptions) {
    this.opts = {
      now: () => Date.now(),
      sleep: defaultSleep,
      baseDelayMs: 300,
      minDelayMs: 100,
      maxDelayMs: 1000,
      cacheSize: 100,
      cacheTtlMs: 5 * 60_000,
      ...opts,
    };
    this.interval = this.opts.baseDelayMs / 1.5;
  }

  /**
   * The debounce before the next request: one and a half times the user's smoothed pause between keystrokes (so a
   * burst of typing sends nothing, and a fast typist does not wait long at a pause), the base at first; always
   * within [min, max].
   */
  delayMs(): number {
    const { minDelayMs, maxDelayMs } = this.opts;
    const d = Math.round(this.interval * 1.5);
    return Math.max(minDelayMs, Math.min(maxDelayMs, d));
  }

  /**
   * The completion for this place: from the cache at once, else after the debounce from the server. A newer call
   * (the next keystroke) or `signal` aborts this one, which then resolves to null.
   */
  async request(q: CompletionQuery, signal?: AbortSignal): Promise<string | null> {
    const now = this.opts.now();
    if (this.lastRequestAt !== null) {
      const gap = Math.min(now - this.lastRequestAt, 2000);
      this.interval = this.interval * 0.7 + gap * 0.3;
    }
    this.lastRequestAt = now;
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    signal?.addEventListener('abort', () => controller.abort(), { once: true });

    const cached = this.lookup(q);
    if (cached !== null) return cached;
    try {
      await this.opts.sleep(this.delayMs(), controller.signal);
      const completion = await Promise.race([this.opts.fetch(q, controller.signal), aborted(controller.signal)]);
      if (controller.signal.aborted) return null;
      this.store(q, completion);
      return completion;
    } catch (e) {
      if (controller.signal.aborted || (e instanceof DOMException && e.name === 'AbortError')) return null;
      throw e;
    } finally {
      if (this.current === controller) this.current = null;
    }
  }

  /** Aborts the request in flight (Esc, editor blur). */
  cancel(): void {
    this.current?.abort();
    this.current = null;
  }

  /**
   * A cached completion for this place: an exact hit, or an entry for an earlier prefix whose completion begins
   * with what the user typed since (then the rest of it).
   */
  lookup(q: CompletionQuery): string | null {
    const now = this.opts.now();
    const suffix = q.suffix.slice(0, SUFFIX_KEY);
    const exact = this.cache.get(keyOf(q));
    if (exact && now - exact.at <= this.opts.cacheTtlMs) {
      this.touch(exact);
      return exact.completion;
    }
    for (const e of [...this.cache.values()].reverse()) {
      if (now - e.at > this.opts.cacheTtlMs) {
        this.cache.delete(e.key);
        continue;
      }
      if (e.path !== q.path || e.suffix !== suffix) continue;
      // typed ahead: the current prefix is the cached one plus the start of its completion
      const max = Math.min(e.completion.length - 1, TYPED_AHEAD_MAX);
      for (let n = 1; n <= max; n++) {
        const typed = q.prefix.slice(q.prefix.length - n);
        if (!e.completion.startsWith(typed)) continue;
        if (q.prefix.slice(0, q.prefix.length - n).endsWith(e.prefix)) {
          this.touch(e);
          return e.completion.slice(n);
        }
      }
    }
    return null;
  }

  private store(q: CompletionQuery, completion: string): void {
    if (!completion) return;
    const key = keyOf(q);
    this.cache.delete(key);
    this.cache.set(key, { key, path: q.path, prefix: q.prefix.slice(-PREFIX_KEY), suffix: q.suffix.slice(0, SUFFIX_KEY),
      completion, at: this.opts.now() });
    while (this.cache.size > this.opts.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }

  private touch(e: Entry): void {
    this.cache.delete(e.key);
    this.cache.set(e.key, e);
  }

  get cacheSize(): number {
    return this.cache.size;
  }
}

function keyOf(q: CompletionQuery): string {
  return `${q.path}\u0000${q.prefix.slice(-PREFIX_KEY)}\u0000${q.suffix.slice(0, SUFFIX_KEY)}`;
}
