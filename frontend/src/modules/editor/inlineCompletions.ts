// Ghost-text completions in Monaco from …/ai/complete: the engine debounces (adaptive, ~300 ms), aborts the previous
// request on every keystroke and serves typed-ahead text from its cache. Tab accepts and Esc dismisses (Monaco's own
// inline-suggest keybindings).
import { monaco } from './monacoSetup';
import { complete } from '../../api/ai';
import { CompletionEngine } from './completionEngine';

const PREFIX_CHARS = 6000;
const SUFFIX_CHARS = 2000;
const SNIPPET_CHARS = 1500;

export interface CompletionSource {
  workspaceId: string;
  /** Path of a model (an open tab), null when it is not one of ours. */
  pathOf(model: monaco.editor.ITextModel): string | null;
  /** Other open files, for context. */
  otherTabs(model: monaco.editor.ITextModel): { path: string; content: string }[];
  onError?(message: string): void;
}

/**
 * Monaco cancels the inline-completion requests it no longer needs (every keystroke, focus leaving the editor) by
 * rejecting internal promises with its CancellationError, which nobody awaits any more. VS Code's error handler
 * ignores these; standalone Monaco has none, so the browser would log each as an uncaught error. Only that exact
 * error is silenced.
 */
function ignoreMonacoCancellations(): () => void {
  const handler = (e: PromiseRejectionEvent) => {
    const r = e.reason as { name?: unknown; message?: unknown } | null;
    if (r instanceof Error && r.name === 'Canceled' && r.message === 'Canceled') e.preventDefault();
  };
  window.addEventListener('unhandledrejection', handler);
  return () => window.removeEventListener('unhandledrejection', handler);
}

export function registerInlineCompletions(source: CompletionSource): monaco.IDisposable {
  const stopIgnoring = ignoreMonacoCancellations();
  const engine = new CompletionEngine({
    fetch: async (q, signal) => {
      const model = monaco.editor.getModels().find((m) => source.pathOf(m) === q.path);
      return complete(source.workspaceId, {
        prefix: q.prefix,
        suffix: q.suffix,
        path: q.path,
        language: model?.getLanguageId() ?? 'plaintext',
        snippets: model ? source.otherTabs(model).slice(0, 3)
          .map((t) => ({ path: t.path, content: t.content.slice(0, SNIPPET_CHARS) })) : [],
        maxTokens: 128,
      }, signal);
    },
  });
  const provider: monaco.languages.InlineCompletionsProvider = {
    // the engine debounces: Monaco must ask on every keystroke so the previous request is aborted at once
    debounceDelayMs: 0,
    async provideInlineCompletions(model, position, _context, token) {
      const path = source.pathOf(model);
      if (!path) return { items: [] };
      const full = model.getFullModelRange();
      const prefix = model.getValueInRange({ startLineNumber: 1, startColumn: 1,
        endLineNumber: position.lineNumber, endColumn: position.column }).slice(-PREFIX_CHARS);
      const suffix = model.getValueInRange({ startLineNumber: position.lineNumber, startColumn: position.column,
        endLineNumber: full.endLineNumber, endColumn: full.endColumn }).slice(0, SUFFIX_CHARS);
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        const text = await engine.request({ path, prefix, suffix }, controller.signal);
        if (!text || token.isCancellationRequested) return { items: [] };
        return {
          items: [{
            insertText: text,
            range: new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column),
          }],
        };
      } catch (e) {
        source.onError?.(`Completion failed: ${e instanceof Error ? e.message : String(e)}`);
        return { items: [] };
      } finally {
        sub.dispose();
      }
    },
    disposeInlineCompletions() {},
  };
  const registration = monaco.languages.registerInlineCompletionsProvider('*', provider);
  return { dispose: () => { engine.cancel(); registration.dispose(); stopIgnoring(); } };
}
