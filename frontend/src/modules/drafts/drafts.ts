/**
 * Unsaved editor content, kept in sessionStorage per workspace and path: it survives a reload and the round trip
 * to the IdP when the session has to be renewed by a new sign-in, in this tab only, and is dropped on save.
 */
export interface Draft {
  content: string;
  /** ETag of the version the edits started from, for the If-Match of the save */
  baseEtag: string | null;
  savedAt: number;
}

const key = (ws: string, path: string) => `aicockpit.draft.${ws}.${path}`;

export function saveDraft(ws: string, path: string, draft: Draft): void {
  try {
    sessionStorage.setItem(key(ws, path), JSON.stringify(draft));
  } catch {
    // storage full: the draft stays in memory only
  }
}

export function loadDraft(ws: string, path: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(key(ws, path));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function dropDraft(ws: string, path: string): void {
  sessionStorage.removeItem(key(ws, path));
}

export function draftPaths(ws: string): string[] {
  const prefix = `aicockpit.draft.${ws}.`;
  const out: string[] = [];
  for (let i = 0; i < sessionStorage.length; i++) {
    const k = sessionStorage.key(i);
    if (k?.startsWith(prefix)) out.push(k.slice(prefix.length));
  }
  return out;
}
