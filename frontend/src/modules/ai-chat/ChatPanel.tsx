import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ChatContext, ChatMessage, chatStream, listModels, StreamError } from '../../api/ai';
import { ApiError, describeProblem } from '../../api/problem';
import { applyMention, mentionAt, rankFiles, splitCodeBlocks } from './mentions';
import { workspaceFiles } from './workspaceFiles';

interface Turn extends ChatMessage {
  context?: ChatContext;
  error?: string;
  streaming?: boolean;
  model?: string;
}

export interface ChatEditorBridge {
  insertAtCursor(text: string): boolean;
}

const MODEL_KEY = 'aicockpit.chat.model';

/**
 * The AI chat about a workspace: answers stream from …/ai/chat (Stop aborts), `@` completes workspace files into
 * mentions whose contents the server adds (the `context` event says which went in and which not, and why), a
 * model picker lists GET /v1/models, and code blocks offer "Insert at cursor" and "Copy".
 */
export default function ChatPanel({ workspaceId, editor, onStatus }: {
  workspaceId: string;
  editor: () => ChatEditorBridge | null;
  onStatus: (s: string) => void;
}) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [draft, setDraft] = useState('');
  const [caret, setCaret] = useState(0);
  const [models, setModels] = useState<string[] | null>(null);
  const [modelsError, setModelsError] = useState<string | null>(null);
  const [model, setModel] = useState(() => sessionStorage.getItem(MODEL_KEY) ?? '');
  const [files, setFiles] = useState<string[] | null>(null);
  const [choice, setChoice] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const streaming = turns.some((t) => t.streaming);

  useEffect(() => {
    const c = new AbortController();
    listModels(c.signal).then(setModels, (e) => {
      if (c.signal.aborted) return;
      setModels([]);
      setModelsError(e instanceof ApiError ? describeProblem(e.problem) : String(e));
    });
    return () => c.abort();
  }, []);
  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [turns]);

  const mention = mentionAt(draft, caret);
  const filesAt = useRef(0);
  // the file list is fetched when a mention starts, again if it is older than 15 s (files come and go)
  const mentionStart = mention?.start;
  useEffect(() => {
    if (mentionStart === undefined || Date.now() - filesAt.current < 15_000) return;
    filesAt.current = Date.now();
    void workspaceFiles(workspaceId).then(setFiles);
  }, [mentionStart, workspaceId]);
  const suggestions = mention && dismissed !== mention.start ? rankFiles(files ?? [], mention.query) : [];
  useEffect(() => setChoice(0), [mention?.query]);

  // the caret after a picked mention is placed as soon as the new text is in the DOM, before the next keystroke
  const caretAfterPick = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (caretAfterPick.current === null || !box.current) return;
    box.current.focus();
    box.current.setSelectionRange(caretAfterPick.current, caretAfterPick.current);
    caretAfterPick.current = null;
  }, [draft]);

  const pick = (path: string) => {
    const next = applyMention(draft, caret, path);
    caretAfterPick.current = next.caret;
    setDraft(next.text);
    setCaret(next.caret);
  };

  const send = async () => {
    const text = draft.trim();
    if (!text || streaming) return;
    const history: ChatMessage[] = [...turns.filter((t) => !t.error && t.content), { role: 'user' as const, content: text }]
      .map(({ role, content }) => ({ role, content }));
    setDraft('');
    setCaret(0);
    setTurns((ts) => [...ts, { role: 'user', content: text }, { role: 'assistant', content: '', streaming: true,
      model: model || undefined }]);
    const controller = new AbortController();
    abort.current = controller;
    const update = (f: (t: Turn) => Turn) => setTurns((ts) => ts.map((t, i) => (i === ts.length - 1 ? f(t) : t)));
    try {
      await chatStream(workspaceId, { messages: history.slice(-32), ...(model ? { model } : {}) }, {
        onContext: (context) => update((t) => ({ ...t, context })),
        onDelta: (d) => update((t) => ({ ...t, content: t.content + d })),
      }, controller.signal);
      update((t) => ({ ...t, streaming: false }));
    } catch (e) {
      if (controller.signal.aborted) {
        update((t) => ({ ...t, streaming: false, error: 'Stopped.' }));
      } else {
        const message = e instanceof ApiError ? describeProblem(e.problem) : e instanceof StreamError ? e.detail : String(e);
        update((t) => ({ ...t, streaming: false, error: message }));
      }
    } finally {
      abort.current = null;
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setChoice((c) => (c + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(suggestions[Math.min(choice, suggestions.length - 1)]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(mention!.start);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  };

  const copy = async (code: string) => {
    try {
      await navigator.clipboard.writeText(code);
      onStatus('Copied to the clipboard');
    } catch {
      onStatus('The browser refused clipboard access');
    }
  };
  const insert = (code: string) => {
    onStatus(editor()?.insertAtCursor(code) ? 'Inserted at the cursor' : 'Open a file to insert into');
  };

  return (
    <aside className="ai-chat" aria-label="AI chat">
      <div className="ai-chat-head">
        <b>AI chat</b>
        <span className="grow" />
        <label htmlFor="ai-model" className="sr-only">Model</label>
        <select id="ai-model" value={model} disabled={streaming} title={modelsError ?? 'Model'}
          onChange={(e) => {
            setModel(e.target.value);
            sessionStorage.setItem(MODEL_KEY, e.target.value);
          }}>
          <option value="">Default model</option>
          {(models ?? []).map((m) => <option key={m} value={m}>{m}</option>)}
          {model && models && !models.includes(model) && <option value={model}>{model}</option>}
        </select>
        <button onClick={() => setTurns([])} disabled={streaming || !turns.length} title="New conversation">New</button>
      </div>
      {modelsError && <p className="small muted ai-chat-note">Models unavailable: {modelsError}</p>}
      <div className="ai-chat-log" ref={log} aria-live="polite" data-testid="chat-log">
        {!turns.length && (
          <p className="muted small ai-chat-note">Ask about this workspace. Type <kbd>@</kbd> to mention a file; its
            contents go with your question.</p>
        )}
        {turns.map((t, i) => (
          <div key={i} className={`ai-turn ai-turn-${t.role}`} data-testid={`chat-${t.role}`}>
            {t.context && (t.context.files.length > 0 || t.context.missing.length > 0) && (
              <ul className="ai-context small" aria-label="Files sent with the question" data-testid="chat-context">
                {t.context.files.map((f) => (
                  <li key={f.path}><span className="muted">included</span> {f.path} <span className="muted">({f.bytes} B{f.truncated ? ', cut' : ''})</span></li>
                ))}
                {t.context.missing.map((f) => (
                  <li key={f.path} className="warn-text">not included: {f.path} ({f.reason.replace(/-/g, ' ')})</li>
                ))}
              </ul>
            )}
            {t.role === 'user' ? <p className="ai-text">{t.content}</p> : (
              splitCodeBlocks(t.content).map((seg, k) => seg.kind === 'text'
                ? <p key={k} className="ai-text">{seg.text}</p>
                : (
                  <div key={k} className="ai-code">
                    <div className="ai-code-bar">
                      <span className="muted small">{seg.lang || 'code'}</span>
                      <span className="grow" />
                      <button disabled={!seg.complete} onClick={() => insert(seg.code)}>Insert at cursor</button>
                      <button onClick={() => void copy(seg.code)}>Copy</button>
                    </div>
                    <pre><code>{seg.code}</code></pre>
                  </div>
                ))
            )}
            {t.streaming && <span className="muted small" aria-label="answering">▍</span>}
            {t.error && <p className="small error" role={t.error === 'Stopped.' ? undefined : 'alert'}>{t.error}</p>}
          </div>
        ))}
      </div>
      <form className="ai-chat-form" onSubmit={(e) => { e.preventDefault(); void send(); }}>
        {suggestions.length > 0 && (
          <ul className="mention-list" role="listbox" id="mention-list" aria-label="Workspace files">
            {suggestions.map((p, k) => (
              <li key={p} role="option" aria-selected={k === choice} className={k === choice ? 'selected' : ''}
                onMouseDown={(e) => { e.preventDefault(); pick(p); }}>{p}</li>
            ))}
          </ul>
        )}
        <label htmlFor="ai-chat-input" className="sr-only">Message</label>
        <textarea id="ai-chat-input" ref={box} rows={3} value={draft} placeholder="Ask… (@ for files, Enter sends)"
          role="combobox" aria-expanded={suggestions.length > 0} aria-controls="mention-list" aria-autocomplete="list"
          onChange={(e) => { setDraft(e.target.value); setCaret(e.target.selectionStart); setDismissed(null); }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown} />
        <div className="ai-chat-actions">
          {streaming
            ? <button type="button" className="danger" onClick={() => abort.current?.abort()}>Stop</button>
            : <button type="submit" className="primary" disabled={!draft.trim()}>Send</button>}
        </div>
      </form>
    </aside>
  );
}
