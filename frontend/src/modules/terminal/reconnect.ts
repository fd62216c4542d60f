/**
 * The terminal connection's state machine, pure so it can be tested without a socket:
 * connecting → open → (drop) reconnecting → connecting (with the same terminalId: the server replays what was
 * missed) … until the shell exits, the workspace stops, or the attempts run out.
 */
export type Phase = 'connecting' | 'open' | 'reconnecting' | 'exited' | 'failed';

export interface TerminalState {
  phase: Phase;
  terminalId?: string;
  /** reconnect attempts since the last successful open */
  attempt: number;
  /** how long to wait before the next attempt (phase reconnecting) */
  delayMs?: number;
  message?: string;
}

export type TerminalEvent =
  | { type: 'session'; terminalId: string; reattached: boolean }
  | { type: 'exit'; code: number | null; reason?: string }
  | { type: 'closed'; code: number; reason?: string }
  | { type: 'retry' }
  /** the server no longer lists the terminal (grace period over): the next attempt opens a new shell */
  | { type: 'gone' }
  /** the workspace is not running any more: reconnecting is pointless */
  | { type: 'workspace-stopped' }
  | { type: 'restart' };

export interface Policy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export const DEFAULT_POLICY: Policy = { baseDelayMs: 500, maxDelayMs: 10_000, maxAttempts: 12 };

export const initial = (terminalId?: string): TerminalState => ({ phase: 'connecting', terminalId, attempt: 0 });

export function reduce(s: TerminalState, e: TerminalEvent, policy: Policy = DEFAULT_POLICY): TerminalState {
  switch (e.type) {
    case 'session':
      return { phase: 'open', terminalId: e.terminalId, attempt: 0 };
    case 'exit':
      return { phase: 'exited', attempt: 0,
        message: `Shell exited${e.code === null ? '' : ` with code ${e.code}`}${e.reason ? `: ${e.reason}` : ''}` };
    case 'closed': {
      if (s.phase === 'exited' || s.phase === 'failed') return s;
      if (s.attempt >= policy.maxAttempts) {
        return { ...s, phase: 'failed', delayMs: undefined, message: 'Could not reconnect to the terminal.' };
      }
      const delayMs = Math.min(policy.baseDelayMs * 2 ** s.attempt, policy.maxDelayMs);
      return { ...s, phase: 'reconnecting', attempt: s.attempt + 1, delayMs, message: undefined };
    }
    case 'retry':
      return s.phase === 'reconnecting' ? { ...s, phase: 'connecting', delayMs: undefined } : s;
    case 'gone':
      return { ...s, terminalId: undefined };
    case 'workspace-stopped':
      return { ...s, phase: 'failed', delayMs: undefined, message: 'The workspace is not running.' };
    case 'restart':
      return initial();
  }
}

/** The label the panel shows for a state. */
export function label(s: TerminalState): string {
  switch (s.phase) {
    case 'connecting':
      return s.attempt > 0 ? 'reconnecting…' : 'connecting…';
    case 'open':
      return 'connected';
    case 'reconnecting':
      return 'reconnecting…';
    case 'exited':
    case 'failed':
      return s.message ?? s.phase;
  }
}
