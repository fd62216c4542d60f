import { useEffect, useReducer, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { SearchAddon } from '@xterm/addon-search';
import '@xterm/xterm/css/xterm.css';
import { accessToken } from '../auth/auth';
import { apiJson } from '../../api/http';
import { DEFAULT_POLICY, initial, label, reduce, TerminalState } from './reconnect';
import { CommandDescriber } from './CommandDescriber';

const PROTOCOL = 'aicockpit.terminal.v1';
const idKey = (ws: string, slot: number) => `aicockpit.terminal.${ws}.${slot}`;

/**
 * One xterm.js terminal over the node's WebSocket (binary frames = bytes, text frames = JSON control). The
 * terminal id is kept in sessionStorage, so a reload or a dropped connection reattaches to the same shell and the
 * server replays what was missed.
 */
export function TerminalPanel({ workspaceId, slot, onState }: {
  workspaceId: string;
  slot: number;
  onState?: (s: TerminalState) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [state, dispatch] = useReducer(
    (s: TerminalState, e: Parameters<typeof reduce>[1]) => reduce(s, e, DEFAULT_POLICY),
    undefined,
    () => initial(sessionStorage.getItem(idKey(workspaceId, slot)) ?? undefined),
  );
  const term = useRef<Terminal | null>(null);
  const fit = useRef<FitAddon | null>(null);
  const search = useRef<SearchAddon | null>(null);
  const socket = useRef<WebSocket | null>(null);
  const closeSocket = useRef<(() => void) | null>(null);
  const [describing, setDescribing] = useState(false);

  useEffect(() => onState?.(state), [state, onState]);

  // the terminal itself lives as long as the panel
  useEffect(() => {
    const t = new Terminal({
      allowProposedApi: true,
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      fontSize: 13,
      scrollback: 5000,
      theme: { background: '#0d1117' },
    });
    const f = new FitAddon();
    const u = new Unicode11Addon();
    const s = new SearchAddon();
    t.loadAddon(f);
    t.loadAddon(u);
    t.loadAddon(new WebLinksAddon());
    t.loadAddon(s);
    t.unicode.activeVersion = '11';
    t.open(host.current!);
    // Ctrl+Shift+C / Ctrl+Shift+V copy and paste (plain Ctrl+C stays SIGINT)
    t.attachCustomKeyEventHandler((ev) => {
      if (ev.type === 'keydown' && ev.ctrlKey && ev.shiftKey && ev.code === 'KeyC') {
        const sel = t.getSelection();
        if (sel) void navigator.clipboard?.writeText(sel);
        return false;
      }
      if (ev.type === 'keydown' && ev.ctrlKey && ev.shiftKey && ev.code === 'KeyV') {
        void navigator.clipboard?.readText().then((text) => t.paste(text));
        return false;
      }
      return true;
    });
    const encoder = new TextEncoder();
    t.onData((d) => {
      const ws = socket.current;
      if (ws?.readyState === WebSocket.OPEN) ws.send(encoder.encode(d));
    });
    t.onResize(({ cols, rows }) => {
      const ws = socket.current;
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'resize', cols, rows }));
    });
    term.current = t;
    fit.current = f;
    search.current = s;
    const observer = new ResizeObserver(() => {
      try {
        f.fit();
      } catch {
        // not visible yet
      }
    });
    observer.observe(host.current!);
    try {
      f.fit();
    } catch {
      // not laid out yet
    }
    return () => {
      observer.disconnect();
      t.dispose();
      term.current = null;
    };
  }, []);

  // one socket per connecting phase
  useEffect(() => {
    if (state.phase !== 'connecting' || !term.current) return;
    const t = term.current;
    const url = new URL(`/api/v1/workspaces/${workspaceId}/terminal`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('cols', String(t.cols));
    url.searchParams.set('rows', String(t.rows));
    if (state.terminalId) url.searchParams.set('terminalId', state.terminalId);
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, [PROTOCOL, `bearer.${accessToken()}`]);
    } catch {
      dispatch({ type: 'closed', code: 1006 });
      return;
    }
    ws.binaryType = 'arraybuffer';
    socket.current = ws;
    let exited = false;
    const ping = window.setInterval(() => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'ping' }));
    }, 25_000);
    ws.onmessage = (m) => {
      if (typeof m.data === 'string') {
        const msg = JSON.parse(m.data) as { type: string; terminalId?: string; reattached?: boolean;
          code?: number | null; reason?: string };
        if (msg.type === 'session' && msg.terminalId) {
          sessionStorage.setItem(idKey(workspaceId, slot), msg.terminalId);
          // the replay repaints the screen: start from a clean one so nothing shows twice
          if (msg.reattached) t.reset();
          dispatch({ type: 'session', terminalId: msg.terminalId, reattached: !!msg.reattached });
        } else if (msg.type === 'exit') {
          exited = true;
          sessionStorage.removeItem(idKey(workspaceId, slot));
          t.write(`\r\n\x1b[2m[${msg.reason ?? 'shell exited'}]\x1b[0m\r\n`);
          dispatch({ type: 'exit', code: msg.code ?? null, reason: msg.reason });
        }
      } else {
        t.write(new Uint8Array(m.data as ArrayBuffer));
      }
    };
    ws.onclose = (ev) => {
      window.clearInterval(ping);
      if (socket.current === ws) socket.current = null;
      if (!exited) dispatch({ type: 'closed', code: ev.code, reason: ev.reason });
    };
    // no cleanup here: the socket must outlive the phase change to "open" it causes; it is closed on unmount
    closeSocket.current = () => {
      window.clearInterval(ping);
      ws.onclose = null;
      ws.close(1000);
    };
  }, [state.phase, state.terminalId, workspaceId, slot]);

  useEffect(() => () => closeSocket.current?.(), []);

  // waiting before the next attempt: check whether the shell and the workspace are still there
  useEffect(() => {
    if (state.phase !== 'reconnecting') return;
    let cancelled = false;
    const timer = window.setTimeout(async () => {
      try {
        const ws = await apiJson<{ status: string }>(`/api/v1/workspaces/${workspaceId}`);
        if (ws.status !== 'RUNNING') {
          if (!cancelled) dispatch({ type: 'workspace-stopped' });
          return;
        }
        if (state.terminalId) {
          const list = await apiJson<{ items: { terminalId: string }[] }>(
            `/api/v1/workspaces/${workspaceId}/terminals`);
          if (!list.items.some((x) => x.terminalId === state.terminalId) && !cancelled) dispatch({ type: 'gone' });
        }
      } catch {
        // the check is best effort: the reconnect itself decides
      }
      if (!cancelled) dispatch({ type: 'retry' });
    }, state.delayMs ?? 1000);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [state.phase, state.delayMs, state.terminalId, workspaceId]);

  const find = () => {
    const q = window.prompt('Find in terminal');
    if (q) search.current?.findNext(q);
  };

  return (
    <div className="terminal-panel">
      <div className="terminal-bar">
        <span className={`conn conn-${state.phase}`} data-testid="terminal-state" aria-live="polite">
          {label(state)}
        </span>
        <span className="grow" />
        <button onClick={() => setDescribing((d) => !d)} aria-expanded={describing}
          title="Ask the AI for a shell command">Describe a command</button>
        <button onClick={find} title="Find in terminal">Find</button>
        {(state.phase === 'exited' || state.phase === 'failed') && (
          <button onClick={() => dispatch({ type: 'restart' })}>New shell</button>
        )}
      </div>
      {describing && (
        <CommandDescriber workspaceId={workspaceId} canType={state.phase === 'open'}
          onClose={() => { setDescribing(false); term.current?.focus(); }}
          type={(text) => {
            const ws = socket.current;
            if (ws?.readyState !== WebSocket.OPEN) return false;
            ws.send(new TextEncoder().encode(text));
            return true;
          }} />
      )}
      <div className="terminal-host" ref={host} data-testid="terminal" />
    </div>
  );
}
