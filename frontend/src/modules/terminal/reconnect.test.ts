import { describe, expect, it } from 'vitest';
import { initial, label, reduce, TerminalEvent, TerminalState } from './reconnect';

const policy = { baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 3 };
const run = (s: TerminalState, ...events: TerminalEvent[]) => events.reduce((acc, e) => reduce(acc, e, policy), s);

describe('terminal reconnect state machine', () => {
  it('opens with the terminal id the server assigns', () => {
    const s = run(initial(), { type: 'session', terminalId: 't1', reattached: false });
    expect(s).toEqual({ phase: 'open', terminalId: 't1', attempt: 0 });
    expect(label(s)).toBe('connected');
  });

  it('shows reconnecting after a drop and keeps the terminal id for the reattach', () => {
    const s = run(initial(), { type: 'session', terminalId: 't1', reattached: false }, { type: 'closed', code: 1006 });
    expect(s.phase).toBe('reconnecting');
    expect(s.terminalId).toBe('t1');
    expect(s.delayMs).toBe(100);
    expect(label(s)).toBe('reconnecting…');
    expect(label(run(s, { type: 'retry' }))).toBe('reconnecting…');
  });

  it('backs off exponentially up to the maximum and resets after a successful reattach', () => {
    let s = run(initial(), { type: 'session', terminalId: 't1', reattached: false });
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      s = run(s, { type: 'closed', code: 1006 });
      delays.push(s.delayMs);
      s = run(s, { type: 'retry' });
    }
    expect(delays).toEqual([100, 200, 400]);
    s = run(s, { type: 'session', terminalId: 't1', reattached: true });
    expect(s.attempt).toBe(0);
  });

  it('gives up after the last attempt', () => {
    let s = initial('t1');
    for (let i = 0; i < 3; i++) s = run(s, { type: 'closed', code: 1006 }, { type: 'retry' });
    s = run(s, { type: 'closed', code: 1006 });
    expect(s.phase).toBe('failed');
    expect(label(s)).toBe('Could not reconnect to the terminal.');
  });

  it('does not reconnect after the shell exited', () => {
    const s = run(initial(), { type: 'session', terminalId: 't1', reattached: false },
      { type: 'exit', code: 0 }, { type: 'closed', code: 1000 });
    expect(s.phase).toBe('exited');
    expect(label(s)).toBe('Shell exited with code 0');
  });

  it('opens a new shell when the old terminal is gone', () => {
    const s = run(initial('t1'), { type: 'closed', code: 1006 }, { type: 'gone' }, { type: 'retry' });
    expect(s.phase).toBe('connecting');
    expect(s.terminalId).toBeUndefined();
  });

  it('stops when the workspace is no longer running', () => {
    const s = run(initial('t1'), { type: 'closed', code: 1006 }, { type: 'workspace-stopped' }, { type: 'retry' });
    expect(s.phase).toBe('failed');
  });
});
