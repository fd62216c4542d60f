// `@path` mentions in chat messages, as ai-worker reads them (Mentions.java): `@src/app.py`, or `@"my notes.md"`
// for paths with spaces. A mention starts at the text's start, after whitespace or an opening bracket, so e-mail
// addresses and `x@y` are not mentions; trailing sentence punctuation is not part of the path.

const MENTION = /(?<![\w@./\\])@(?:"([^"\n\0]{1,4096})"|((?:[\w.-]+\/)*[\w.-]*[\w-]))/g;

/** The distinct paths a message mentions, in order of appearance. */
export function parseMentions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MENTION)) {
    let path = m[1] ?? m[2] ?? '';
    if (path.startsWith('./')) path = path.slice(2);
    if (path && !out.includes(path)) out.push(path);
  }
  return out;
}

/** How a path is written as a mention: quoted when it holds characters a bare mention cannot. */
export function formatMention(path: string): string {
  return /^(?:[\w.-]+\/)*[\w.-]*[\w-]$/.test(path) ? `@${path}` : `@"${path}"`;
}

/** The mention being typed at the caret: where its `@` is and what follows it so far; null when none. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  const prev = at === 0 ? '' : before[at - 1];
  if (prev && !/[\s([{]/.test(prev)) return null;
  const query = before.slice(at + 1);
  if (query.startsWith('"')) {
    // a quoted mention runs until its closing quote
    return query.slice(1).includes('"') || query.includes('\n') ? null : { start: at, query: query.slice(1) };
  }
  return /^[\w./-]*$/.test(query) ? { start: at, query } : null;
}

/** Replaces the mention being typed with the chosen path (and a space), answering the new text and caret. */
export function applyMention(text: string, caret: number, path: string): { text: string; caret: number } {
  const m = mentionAt(text, caret);
  const start = m ? m.start : caret;
  let end = caret;
  // a quoted query's closing quote, if the user typed one after the caret, goes too
  if (m && text[end] === '"') end += 1;
  const inserted = `${formatMention(path)} `;
  const next = text.slice(0, start) + inserted + text.slice(end).replace(/^ /, '');
  return { text: next, caret: start + inserted.length };
}

/**
 * Ranks workspace files for a query: file-name prefix first, then path prefix, then name substring, then a
 * subsequence of the path (fuzzy), shorter paths first within a rank.
 */
export function rankFiles(paths: string[], query: string, limit = 8): string[] {
  const q = query.toLowerCase();
  const scored: { path: string; rank: number }[] = [];
  for (const path of paths) {
    const p = path.toLowerCase();
    const name = p.slice(p.lastIndexOf('/') + 1);
    let rank = -1;
    if (!q) rank = 0;
    else if (name.startsWith(q)) rank = 0;
    else if (p.startsWith(q)) rank = 1;
    else if (name.includes(q)) rank = 2;
    else if (p.includes(q)) rank = 3;
    else if (isSubsequence(q, p)) rank = 4;
    if (rank >= 0) scored.push({ path, rank });
  }
  scored.sort((a, b) => a.rank - b.rank || a.path.length - b.path.length || a.path.localeCompare(b.path));
  return scored.slice(0, limit).map((s) => s.path);
}

function isSubsequence(q: string, s: string): boolean {
  let i = 0;
  for (const c of s) if (c === q[i]) i += 1;
  return i === q.length;
}

export type Segment = { kind: 'text'; text: string } | { kind: 'code'; lang: string; code: string; complete: boolean };

/** Splits a (possibly still streaming) markdown answer into text and fenced code blocks. */
export function splitCodeBlocks(markdown: string): Segment[] {
  const out: Segment[] = [];
  const lines = markdown.split('\n');
  let text: string[] = [];
  let code: string[] | null = null;
  let lang = '';
  let fence = '';
  const flushText = () => {
    if (text.length && text.join('\n').trim()) out.push({ kind: 'text', text: text.join('\n') });
    text = [];
  };
  for (const line of lines) {
    const open = /^\s*(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/.exec(line);
    if (code === null) {
      if (open) {
        flushText();
        code = [];
        fence = open[1];
        lang = open[2];
      } else {
        text.push(line);
      }
    } else if (open && open[1].startsWith(fence) && !open[2]) {
      out.push({ kind: 'code', lang, code: code.join('\n'), complete: true });
      code = null;
    } else {
      code.push(line);
    }
  }
  if (code !== null) out.push({ kind: 'code', lang, code: code.join('\n'), complete: false });
  else flushText();
  return out;
}
