// The hunks of a Ctrl+K edit: where the proposed text differs from the selected lines, each accepted or rejected
// on its own. Lines are compared with jsdiff; a hunk is a run of removed and/or added lines between unchanged ones.
import { diffLines } from 'diff';

export interface Hunk {
  /** Index of the hunk's first original line within the original text (0-based). */
  oldStart: number;
  oldLines: string[];
  newLines: string[];
}

export type Decision = 'pending' | 'accepted' | 'rejected';

const split = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** The hunks that turn `original` into `proposed` (both compared line by line). */
export function computeHunks(original: string, proposed: string): Hunk[] {
  const hunks: Hunk[] = [];
  let line = 0;
  let current: Hunk | null = null;
  const a = original.endsWith('\n') ? original : `${original}\n`;
  const b = proposed.endsWith('\n') ? proposed : `${proposed}\n`;
  for (const part of diffLines(a, b)) {
    const lines = split(part.value);
    if (!part.added && !part.removed) {
      if (current) hunks.push(current);
      current = null;
      line += lines.length;
      continue;
    }
    current ??= { oldStart: line, oldLines: [], newLines: [] };
    if (part.removed) {
      current.oldLines.push(...lines);
      line += lines.length;
    } else {
      current.newLines.push(...lines);
    }
  }
  if (current) hunks.push(current);
  return hunks;
}

/**
 * The original text with the accepted hunks applied (pending and rejected ones keep the original lines). The
 * result ends with a newline exactly when the original did.
 */
export function applyHunks(original: string, hunks: Hunk[], decisions: Decision[]): string {
  const lines = split(original);
  const out: string[] = [];
  let i = 0;
  hunks.forEach((h, k) => {
    while (i < h.oldStart) out.push(lines[i++]);
    if (decisions[k] === 'accepted') out.push(...h.newLines);
    else out.push(...h.oldLines);
    i += h.oldLines.length;
  });
  while (i < lines.length) out.push(lines[i++]);
  const text = out.join('\n');
  return original.endsWith('\n') && out.length ? `${text}\n` : text;
}

/**
 * Where hunk `index` currently sits in a document whose hunks before it were decided: the line (0-based, relative
 * to the edited region's start) of its first line, given that accepted hunks changed the line count.
 */
export function currentStart(hunks: Hunk[], decisions: Decision[], index: number): number {
  let shift = 0;
  for (let k = 0; k < index; k++) {
    if (decisions[k] === 'accepted') shift += hunks[k].newLines.length - hunks[k].oldLines.length;
  }
  return hunks[index].oldStart + shift;
}

/** Whether every hunk has been decided. */
export const allDecided = (decisions: Decision[]) => decisions.every((d) => d !== 'pending');
