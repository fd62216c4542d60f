import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { monaco, languageFor } from './monacoSetup';
import { readFile, writeFile } from '../../api/files';
import { ApiError, describeProblem } from '../../api/problem';
import { dropDraft, loadDraft, saveDraft } from '../drafts/drafts';
import { registerInlineCompletions } from './inlineCompletions';
import { EditRegion, InlineEdit, regionOf } from './InlineEdit';

interface Tab {
  path: string;
  model: monaco.editor.ITextModel;
  etag: string | null;
  savedVersion: number;
  dirty: boolean;
}

interface Conflict {
  path: string;
  theirs: string;
  theirsEtag: string | null;
}

export interface EditorHandle {
  open(path: string): Promise<void>;
  closePath(path: string): void;
  /** Inserts text at the cursor of the active tab (chat's "Insert at cursor"); false without an open file. */
  insertAtCursor(text: string): boolean;
  activePath(): string | null;
}

/** Tabs of Monaco models; Ctrl+S saves with If-Match, and a 412 opens a diff of theirs vs yours. */
const EditorArea = forwardRef<EditorHandle, { workspaceId: string; onStatus: (s: string) => void }>(
  function EditorArea({ workspaceId, onStatus }, ref) {
    const host = useRef<HTMLDivElement>(null);
    const diffHost = useRef<HTMLDivElement>(null);
    const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
    const tabs = useRef<Tab[]>([]);
    const [, rerender] = useState(0);
    const [active, setActive] = useState<string | null>(null);
    const activeRef = useRef<string | null>(null);
    const [conflict, setConflict] = useState<Conflict | null>(null);
    const [error, setError] = useState<string | null>(null);
    const [aiEdit, setAiEdit] = useState<{ path: string; region: EditRegion } | null>(null);
    const refresh = () => rerender((n) => n + 1);

    const activate = (path: string | null) => {
      // a Ctrl+K edit belongs to its file: switching tabs ends it (nothing pending is applied)
      if (path !== activeRef.current) setAiEdit(null);
      activeRef.current = path;
      setActive(path);
      const tab = tabs.current.find((t) => t.path === path);
      editor.current?.setModel(tab?.model ?? null);
      if (tab) editor.current?.focus();
    };

    const save = async (tab: Tab, force = false, etagOverride?: string | null) => {
      const content = tab.model.getValue();
      const version = tab.model.getAlternativeVersionId();
      onStatus(`Saving ${tab.path}…`);
      try {
        tab.etag = await writeFile(workspaceId, tab.path, content, force ? etagOverride : tab.etag ?? undefined);
        tab.savedVersion = version;
        tab.dirty = tab.model.getAlternativeVersionId() !== version;
        if (!tab.dirty) dropDraft(workspaceId, tab.path);
        setError(null);
        onStatus(`Saved ${tab.path}`);
        refresh();
      } catch (e) {
        if (e instanceof ApiError && e.status === 412) {
          const theirs = await readFile(workspaceId, tab.path).catch(() => ({ content: '', etag: null }));
          setConflict({ path: tab.path, theirs: theirs.content, theirsEtag: theirs.etag });
          onStatus(`${tab.path} changed on disk`);
        } else {
          setError(`Could not save ${tab.path}: ${e instanceof ApiError ? describeProblem(e.problem) : String(e)}`);
          onStatus('Save failed');
        }
      }
    };

    useImperativeHandle(ref, () => ({
      async open(path: string) {
        const existing = tabs.current.find((t) => t.path === path);
        if (existing) {
          activate(path);
          return;
        }
        try {
          const file = await readFile(workspaceId, path);
          const draft = loadDraft(workspaceId, path);
          const uri = monaco.Uri.parse(`file:///${workspaceId}/${path}`);
          monaco.editor.getModel(uri)?.dispose();
          const model = monaco.editor.createModel(file.content, languageFor(path), uri);
          const tab: Tab = { path, model, etag: file.etag, savedVersion: model.getAlternativeVersionId(), dirty: false };
          if (draft && draft.content !== file.content) {
            // unsaved edits from before a reload or a new sign-in: restore them, based on the version they began from
            model.setValue(draft.content);
            tab.etag = draft.baseEtag ?? file.etag;
            tab.dirty = true;
          }
          model.onDidChangeContent(() => {
            const dirty = model.getAlternativeVersionId() !== tab.savedVersion;
            if (dirty) saveDraft(workspaceId, path, { content: model.getValue(), baseEtag: tab.etag, savedAt: Date.now() });
            else dropDraft(workspaceId, path);
            if (dirty !== tab.dirty) {
              tab.dirty = dirty;
              refresh();
            }
          });
          tabs.current = [...tabs.current, tab];
          activate(path);
        } catch (e) {
          setError(`Could not open ${path}: ${e instanceof ApiError ? describeProblem(e.problem) : String(e)}`);
        }
      },
      insertAtCursor(text: string) {
        const ed = editor.current;
        if (!ed || !activeRef.current || ed.getOption(monaco.editor.EditorOption.readOnly)) return false;
        const sel = ed.getSelection();
        if (!sel) return false;
        ed.executeEdits('ai-chat', [{ range: sel, text, forceMoveMarkers: true }]);
        ed.pushUndoStop();
        ed.focus();
        return true;
      },
      activePath: () => activeRef.current,
      closePath(path: string) {
        const tab = tabs.current.find((t) => t.path === path);
        if (!tab) return;
        tabs.current = tabs.current.filter((t) => t !== tab);
        tab.model.dispose();
        if (activeRef.current === path) activate(tabs.current[tabs.current.length - 1]?.path ?? null);
        refresh();
      },
    }));

    useEffect(() => {
      const ed = monaco.editor.create(host.current!, {
        model: null,
        automaticLayout: true,
        theme: 'vs-dark',
        minimap: { enabled: false },
        fontSize: 13,
        inlineSuggest: { enabled: true, showToolbar: 'onHover' },
      });
      ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => {
        const tab = tabs.current.find((t) => t.path === activeRef.current);
        if (tab) void save(tab);
      });
      // Ctrl+K: edit the selected lines with AI (registered after Monaco's own Ctrl+K chords, so it wins)
      ed.addAction({
        id: 'aicockpit.aiEdit',
        label: 'Edit with AI…',
        keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyK],
        contextMenuGroupId: 'navigation',
        precondition: '!editorReadonly',
        run: () => {
          const sel = ed.getSelection();
          const path = activeRef.current;
          if (sel && path) setAiEdit({ path, region: regionOf(sel) });
        },
      });
      const completions = registerInlineCompletions({
        workspaceId,
        pathOf: (model) => tabs.current.find((t) => t.model === model)?.path ?? null,
        otherTabs: (model) => tabs.current.filter((t) => t.model !== model)
          .map((t) => ({ path: t.path, content: t.model.getValue() })),
        onError: onStatus,
      });
      editor.current = ed;
      return () => {
        completions.dispose();
        ed.dispose();
        tabs.current.forEach((t) => t.model.dispose());
        tabs.current = [];
      };
    }, []);

    // the conflict diff: theirs (on disk) on the left, yours on the right
    useEffect(() => {
      if (!conflict || !diffHost.current) return;
      const tab = tabs.current.find((t) => t.path === conflict.path);
      if (!tab) return;
      const original = monaco.editor.createModel(conflict.theirs, tab.model.getLanguageId());
      const diff = monaco.editor.createDiffEditor(diffHost.current, { automaticLayout: true, readOnly: true,
        theme: 'vs-dark', renderSideBySide: true });
      diff.setModel({ original, modified: tab.model });
      return () => {
        diff.dispose();
        original.dispose();
      };
    }, [conflict]);

    const resolve = async (choice: 'overwrite' | 'theirs') => {
      if (!conflict) return;
      const tab = tabs.current.find((t) => t.path === conflict.path);
      setConflict(null);
      if (!tab) return;
      if (choice === 'overwrite') {
        await save(tab, true, conflict.theirsEtag);
      } else {
        tab.model.setValue(conflict.theirs);
        tab.etag = conflict.theirsEtag;
        tab.savedVersion = tab.model.getAlternativeVersionId();
        tab.dirty = false;
        dropDraft(workspaceId, tab.path);
        onStatus(`Took the version on disk of ${tab.path}`);
        refresh();
      }
    };

    return (
      <div className="editor-area">
        <div className="tabs" role="tablist" aria-label="Open files">
          {tabs.current.map((t) => (
            <div key={t.path} className={`tab ${t.path === active ? 'active' : ''}`}>
              <button role="tab" aria-selected={t.path === active} onClick={() => activate(t.path)}
                title={t.path} data-testid={`tab-${t.path}`}>
                {t.path.split('/').pop()}
                {t.dirty && <span className="dirty" aria-label="unsaved changes"> ●</span>}
              </button>
              <button className="close" aria-label={`Close ${t.path}`} onClick={() => {
                if (!t.dirty || window.confirm(`${t.path} has unsaved changes. Close it anyway?`)) {
                  dropDraft(workspaceId, t.path);
                  tabs.current = tabs.current.filter((x) => x !== t);
                  t.model.dispose();
                  if (activeRef.current === t.path) activate(tabs.current[tabs.current.length - 1]?.path ?? null);
                  refresh();
                }
              }}>×</button>
            </div>
          ))}
        </div>
        {error && <div role="alert" className="error banner">{error}</div>}
        {!active && <div className="editor-empty muted">Open a file from the tree.</div>}
        <div className="monaco-host" ref={host} data-testid="editor" style={{ display: active ? 'block' : 'none' }} />
        {aiEdit && editor.current && aiEdit.path === active && (
          <InlineEdit key={`${aiEdit.path}:${aiEdit.region.startLine}`} editor={editor.current}
            workspaceId={workspaceId} path={aiEdit.path} region={aiEdit.region}
            onClose={(message) => {
              setAiEdit(null);
              if (message) onStatus(message);
              editor.current?.focus();
            }} />
        )}
        {conflict && (
          <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="conflict-title">
            <div className="dialog wide">
              <h2 id="conflict-title">{conflict.path} changed since you opened it</h2>
              <p>Left: the version on disk. Right: yours. Choose which to keep.</p>
              <div className="diff-host" ref={diffHost} />
              <div className="dialog-actions">
                <button className="danger" onClick={() => void resolve('overwrite')}>Overwrite with mine</button>
                <button onClick={() => void resolve('theirs')}>Take theirs</button>
                <button onClick={() => setConflict(null)}>Cancel</button>
              </div>
            </div>
          </div>
        )}
      </div>
    );
  },
);

export default EditorArea;
