// Monaco and its worker, bundled by Vite (no CDN). Imported lazily by the editor only.
import * as monaco from './monacoCore';
import EditorWorker from 'monaco-esm/editor/editor.worker.js?worker';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };

/** Monaco's language id for a file name (its registered extensions), plaintext otherwise. */
export function languageFor(path: string): string {
  const name = path.split('/').pop() ?? path;
  const lower = name.toLowerCase();
  for (const lang of monaco.languages.getLanguages()) {
    if (lang.filenames?.some((f) => f.toLowerCase() === lower)) return lang.id;
    if (lang.extensions?.some((ext) => lower.endsWith(ext.toLowerCase()))) return lang.id;
  }
  return 'plaintext';
}
