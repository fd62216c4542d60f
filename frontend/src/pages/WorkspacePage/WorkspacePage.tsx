import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { getWorkspace, Workspace } from '../../api/workspaces';
import { ApiError, describeProblem } from '../../api/problem';
import { Link } from '../../components/Link';
import { StatusBadge } from '../../components/StatusBadge';
import { FileTree } from './FileTree';
import type { EditorHandle } from '../../modules/editor/EditorArea';
import type { TerminalState } from '../../modules/terminal/reconnect';

// Monaco and xterm.js are loaded only here, when a workspace opens
const EditorArea = lazy(() => import('../../modules/editor/EditorArea'));
const ChatPanel = lazy(() => import('../../modules/ai-chat/ChatPanel'));
const TerminalPanel = lazy(() => import('../../modules/terminal/TerminalPanel').then((m) => ({ default: m.TerminalPanel })));

export function WorkspacePage({ workspaceId }: { workspaceId: string }) {
  const [ws, setWs] = useState<Workspace | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [terminals, setTerminals] = useState<number[]>([0]);
  const [activeTerm, setActiveTerm] = useState(0);
  const [termState, setTermState] = useState<Record<number, TerminalState>>({});
  const [termHeight, setTermHeight] = useState(260);
  const [chatOpen, setChatOpen] = useState(() => sessionStorage.getItem('aicockpit.chat.open') !== '0');
  const editor = useRef<EditorHandle | null>(null);
  // a file opened from the tree before the (lazy) editor is there opens once it is
  const pendingOpen = useRef<string | null>(null);
  const editorRef = useCallback((h: EditorHandle | null) => {
    editor.current = h;
    if (h && pendingOpen.current) {
      void h.open(pendingOpen.current);
      pendingOpen.current = null;
    }
  }, []);

  useEffect(() => {
    getWorkspace(workspaceId).then(setWs, (e) =>
      setError(e instanceof ApiError ? (e.status === 404 ? 'No such workspace.' : describeProblem(e.problem)) : String(e)));
  }, [workspaceId]);

  const onTermState = useCallback((slot: number, s: TerminalState) => setTermState((m) => ({ ...m, [slot]: s })), []);

  if (error) return <main className="page"><p role="alert" className="error">{error}</p><Link href="/workspaces">Back</Link></main>;
  if (!ws) return <main className="page"><p aria-live="polite">Opening workspace…</p></main>;
  if (ws.status !== 'RUNNING') {
    return (
      <main className="page">
        <p>Workspace <b>{ws.name}</b> is <StatusBadge status={ws.status} />. Start it from the list to open it.</p>
        <Link href="/workspaces">Back to workspaces</Link>
      </main>
    );
  }

  const startDrag = (e: React.MouseEvent) => {
    const startY = e.clientY;
    const start = termHeight;
    const move = (m: MouseEvent) => setTermHeight(Math.max(120, Math.min(window.innerHeight - 200, start + startY - m.clientY)));
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const conn = termState[activeTerm];
  return (
    <div className="ide">
      <div className="ide-main">
        <FileTree workspaceId={workspaceId} onOpen={(p) => {
          if (editor.current) void editor.current.open(p);
          else pendingOpen.current = p;
        }}
          onRemoved={(p) => editor.current?.closePath(p)} />
        <div className="ide-right">
          <Suspense fallback={<div className="editor-empty muted">Loading editor…</div>}>
            <EditorArea ref={editorRef} workspaceId={workspaceId} onStatus={setStatus} />
          </Suspense>
          <div className="splitter" role="separator" aria-orientation="horizontal" aria-label="Resize terminal"
            tabIndex={0} onMouseDown={startDrag}
            onKeyDown={(e) => {
              if (e.key === 'ArrowUp') setTermHeight((h) => h + 20);
              if (e.key === 'ArrowDown') setTermHeight((h) => Math.max(120, h - 20));
            }} />
          <section className="terminals" style={{ height: termHeight }} aria-label="Terminals">
            <div className="tabs" role="tablist">
              {terminals.map((slot) => (
                <button key={slot} role="tab" aria-selected={slot === activeTerm} className={`tab ${slot === activeTerm ? 'active' : ''}`}
                  onClick={() => setActiveTerm(slot)}>Terminal {slot + 1}</button>
              ))}
              <button aria-label="New terminal" onClick={() => {
                const next = Math.max(...terminals) + 1;
                setTerminals([...terminals, next]);
                setActiveTerm(next);
              }}>+</button>
            </div>
            <Suspense fallback={<div className="muted">Loading terminal…</div>}>
              {terminals.map((slot) => (
                <div key={slot} className="terminal-slot" style={{ display: slot === activeTerm ? 'flex' : 'none' }}>
                  <TerminalPanel workspaceId={workspaceId} slot={slot} onState={(s) => onTermState(slot, s)} />
                </div>
              ))}
            </Suspense>
          </section>
        </div>
        {chatOpen && (
          <Suspense fallback={<aside className="ai-chat muted">Loading chat…</aside>}>
            <ChatPanel workspaceId={workspaceId} editor={() => editor.current} onStatus={setStatus} />
          </Suspense>
        )}
      </div>
      <footer className="status-bar" aria-label="Status">
        <Link href="/workspaces">◂ Workspaces</Link>
        <span data-testid="ws-name">{ws.name}</span>
        <StatusBadge status={ws.status} />
        <span>node {ws.nodeId ?? '—'}</span>
        <span data-testid="connection">terminal: {conn ? conn.phase : 'connecting'}</span>
        <span className="grow" />
        <span aria-live="polite" data-testid="ide-status">{status}</span>
        <button className="status-button" aria-pressed={chatOpen} onClick={() => {
          sessionStorage.setItem('aicockpit.chat.open', chatOpen ? '0' : '1');
          setChatOpen(!chatOpen);
        }}>AI chat</button>
      </footer>
    </div>
  );
}
