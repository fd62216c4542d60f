import { describe, expect, it } from 'vitest';
import { CompletionEngine, CompletionQuery } from './completionEngine';

/** A controllable clock and sleep: sleeps resolve when the test advances time past them, or reject when aborted. */
function fakeTime() {
  let now = 0;
  const sleepers: { until: number; resolve: () => void }[] = [];
  const slept: number[] = [];
  return {
    now: () => now,
    slept,
    sleep: (ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
      slept.push(ms);
      const s = { until: now + ms, resolve };
      sleepers.push(s);
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
    }),
    async advance(ms: number) {
      now += ms;
      for (const s of sleepers.splice(0)) {
        if (s.until <= now) s.resolve();
        else sleepers.push(s);
      }
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

const q = (prefix: string, suffix = '\n'): CompletionQuery => ({ path: 'a.py', prefix, suffix });

describe('CompletionEngine', () => {
  it('waits the debounce, then asks the server once', async () => {
    const time = fakeTime();
    const calls: CompletionQuery[] = [];
    const engine = new CompletionEngine({ now: time.now, sleep: time.sleep, fetch: async (x) => { calls.push(x); return 'print(1)'; } });
    const answer = engine.request(q('def f():\n    '));
    await time.advance(100);
    expect(calls).toHaveLength(0);
    await time.advance(300);
    expect(await answer).toBe('print(1)');
    expect(calls).toHaveLength(1);
    expect(time.slept[0]).toBe(300);
  });

  it('aborts the previous request on every keystroke, so a burst of typing sends one request', async () => {
    const time = fakeTime();
    const signals: AbortSignal[] = [];
    const engine = new CompletionEngine({ now: time.now, sleep: time.sleep,
      fetch: (_x, signal) => { signals.push(signal); return new Promise<string>(() => {}); } });
    const first = engine.request(q('x'));
    await time.advance(50);
    const second = engine.request(q('xy'));
    expect(await first).toBeNull();
    await time.advance(1000);
    expect(signals).toHaveLength(1);
    const third = engine.request(q('xyz'));
    expect(signals[0].aborted).toBe(true);
    expect(await second).toBeNull();
    engine.cancel();
    expect(await third).toBeNull();
  });

  it('adapts the debounce to the typing speed within its bounds', async () => {
    const time = fakeTime();
    const engine = new CompletionEngine({ now: time.now, sleep: time.sleep, fetch: async () => '' });
    expect(engine.delayMs()).toBe(300);
    for (let i = 0; i < 20; i++) {
      void engine.request(q(`k${i}`));
      await time.advance(40);
    }
    const fast = engine.delayMs();
    for (let i = 0; i < 20; i++) {
      void engine.request(q(`s${i}`));
      await time.advance(1500);
    }
    const slow = engine.delayMs();
    expect(fast).toBeLessThan(250);
    expect(fast).toBeGreaterThanOrEqual(100);
    expect(slow).toBeGreaterThan(fast);
    expect(slow).toBeLessThanOrEqual(1000);
  });

  it('answers a repeated place and typed-ahead text from the cache without a request', async () => {
    const time = fakeTime();
    let calls = 0;
    const engine = new CompletionEngine({ now: time.now, sleep: time.sleep, fetch: async () => { calls += 1; return 'return a + b'; } });
    const first = engine.request(q('def add(a, b):\n    '));
    await time.advance(400);
    expect(await first).toBe('return a + b');
    expect(await engine.request(q('def add(a, b):\n    '))).toBe('return a + b');
    expect(await engine.request(q('def add(a, b):\n    retu'))).toBe('rn a + b');
    expect(await engine.request(q('def add(a, b):\n    return a'))).toBe(' + b');
    expect(calls).toBe(1);
    // typed something else: not from the cache
    const other = engine.request(q('def add(a, b):\n    pass'));
    await time.advance(1000);
    await other;
    expect(calls).toBe(2);
  });

  it('forgets entries after their time to live and keeps at most cacheSize (least recently used out)', async () => {
    const time = fakeTime();
    const engine = new CompletionEngine({ now: time.now, sleep: async () => {}, cacheSize: 2, cacheTtlMs: 1000,
      fetch: async (x) => `${x.prefix}!` });
    await engine.request(q('a'));
    await engine.request(q('b'));
    expect(engine.lookup(q('a'))).toBe('a!');
    await engine.request(q('c'));
    expect(engine.lookup(q('b'))).toBeNull();
    expect(engine.lookup(q('a'))).toBe('a!');
    await time.advance(2000);
    expect(engine.lookup(q('a'))).toBeNull();
  });
});
