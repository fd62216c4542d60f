import { useEffect, useRef, useState } from 'react';
import { monaco } from './monacoSetup';
import { editStream, StreamError } from '../../api/ai';
import { ApiError, describeProblem } from '../../api/problem';
import { allDecided, computeHunks, currentStart, Decision, Hunk } from './hunks';

const BEFORE_CHARS = 8000;
const AFTER_CHARS = 4000;

/** The lines a Ctrl+K edit works on: the selection widened to whole lines. */
export interface EditRegion {
  startLine: number;
  endLine: number;
}

export function regionOf(sel: monaco.Selection): EditRegion {
  const endLine = sel.endColumn === 1 && sel.endLineNumber > sel.startLineNumber ? sel.endLineNumber - 1 : sel.endLineNumber;
  return { startLine: sel.startLineNumber, endLine };
}

type Phase = 'prompt' | 'streaming' | 'review';

/**
 * Ctrl+K: asks for an instruction, streams the model's rewrite of the selected lines from …/ai/edit (shown live
 * below them), then shows it as an inline diff, removed lines struck in red and proposed lines in green, and lets
 * the user accept or reject each hunk, or all at once. Accepted hunks are applied as undoable edits.
 */
export function InlineEdit({ editor, workspaceId, path, region, onClose }: {
  editor: monaco.editor.IStandaloneCodeEditor;
  workspaceId: string;
  path: string;
  region: EditRegion;
  onClose: (message?: string) => void;
}) {
  const model = editor.getModel()!;
  const [phase, setPhase] = useState<Phase>('prompt');
  const [instruction, setInstruction] = useState('');
  const [proposal, setProposal] = useState('');
  const [hunks, setHunks] = useState<Hunk[]>([]);
  const [decisions, setDecisions] = useState<Decision[]>([]);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const original = useRef(model.getValueInRange(new monaco.Range(region.startLine, 1, region.endLine,
    model.getLineMaxColumn(region.endLine))));

  useEffect(() => input.current?.focus(), []);
  useEffect(() => () => abort.current?.abort(), []);

  // while reviewing, the document changes only through the hunk buttons
  useEffect(() => {
    if (phase !== 'review') return;
    editor.updateOptions({ readOnly: true });
    panel.current?.querySelector<HTMLButtonElement>('button[data-hunk-action]')?.focus();
    return () => editor.updateOptions({ readOnly: false });
  }, [phase, editor]);

  // the selection's lines are marked while the instruction is typed and the answer streams
  useEffect(() => {
    if (phase === 'review') return;
    const ids = editor.deltaDecorations([], [{
      range: new monaco.Range(region.startLine, 1, region.endLine, 1),
      options: { isWholeLine: true, className: 'ai-edit-region' },
    }]);
    return () => void editor.deltaDecorations(ids, []);
  }, [phase, editor, region]);

  // the streamed proposal, live, in a zone below the selection
  useEffect(() => {
    if (phase !== 'streaming' || !proposal) return;
    const zone = zoneNode(proposal.replace(/\n$/, '').split('\n'), 'ai-zone ai-zone-stream');
    let id = '';
    editor.changeViewZones((a) => {
      id = a.addZone({ afterLineNumber: region.endLine, heightInLines: zone.lines, domNode: zone.node });
    });
    return () => editor.changeViewZones((a) => a.removeZone(id));
  }, [phase, proposal, editor, region]);

  // the inline diff of the pending hunks
  useEffect(() => {
    if (phase !== 'review') return;
    const decorations: monaco.editor.IModelDeltaDecoration[] = [];
    const zones: string[] = [];
    editor.changeViewZones((a) => {
      hunks.forEach((h, k) => {
        if (decisions[k] !== 'pending') return;
        const line = region.startLine + currentStart(hunks, decisions, k);
        if (h.oldLines.length) {
          decorations.push({ range: new monaco.Range(line, 1, line + h.oldLines.length - 1, 1),
            options: { isWholeLine: true, className: 'ai-del', linesDecorationsClassName: 'ai-del-gutter' } });
        }
        const zone = zoneNode(h.newLines, 'ai-zone ai-add', `Change ${k + 1}`);
        zones.push(a.addZone({ afterLineNumber: line + h.oldLines.length - 1, heightInLines: zone.lines,
          domNode: zone.node }));
      });
    });
    const ids = editor.deltaDecorations([], decorations);
    return () => {
      editor.deltaDecorations(ids, []);
      editor.changeViewZones((a) => zones.forEach((z) => a.removeZone(z)));
    };
  }, [phase, hunks, decisions, editor, region]);

  const generate = async () => {
    if (!instruction.trim()) return;
    setError(null);
    setProposal('');
    setPhase('streaming');
    const controller = new AbortController();
    abort.current = controller;
    const before = model.getValueInRange(new monaco.Range(1, 1, region.startLine, 1)).slice(-BEFORE_CHARS);
    const last = model.getLineCount();
    const after = region.endLine < last
      ? model.getValueInRange(new monaco.Range(region.endLine + 1, 1, last, model.getLineMaxColumn(last))).slice(0, AFTER_CHARS)
      : '';
    let text = '';
    try {
      await editStream(workspaceId, { instruction, selection: original.current, before, after,
        language: model.getLanguageId(), path }, (d) => {
        text += d;
        setProposal(text);
      }, controller.signal);
      const found = computeHunks(original.current, text);
      if (!found.length) {
        onClose('The AI proposed no change.');
        return;
      }
      setHunks(found);
      setDecisions(found.map(() => 'pending'));
      setPhase('review');
    } catch (e) {
      if (controller.signal.aborted) {
        setPhase('prompt');
        return;
      }
      setError(e instanceof ApiError ? describeProblem(e.problem) : e instanceof StreamError ? e.detail : String(e));
      setPhase('prompt');
    }
  };

  const decide = (k: number, d: Decision) => {
    if (decisions[k] !== 'pending') return;
    const next = decisions.map((x, i) => (i === k ? d : x));
    if (d === 'accepted') {
      const h = hunks[k];
      replaceLines(model, region.startLine + currentStart(hunks, decisions, k), h.oldLines.length, h.newLines);
    }
    setDecisions(next);
    if (allDecided(next)) {
      const accepted = next.filter((x) => x === 'accepted').length;
      onClose(`AI edit: ${accepted} of ${next.length} change${next.length === 1 ? '' : 's'} accepted`);
    }
  };

  const decideAll = (d: Decision) => {
    let current = decisions;
    hunks.forEach((h, k) => {
      if (current[k] !== 'pending') return;
      if (d === 'accepted') replaceLines(model, region.startLine + currentStart(hunks, current, k), h.oldLines.length, h.newLines);
      current = current.map((x, i) => (i === k ? d : x));
    });
    setDecisions(current);
    const accepted = current.filter((x) => x === 'accepted').length;
    onClose(`AI edit: ${accepted} of ${current.length} change${current.length === 1 ? '' : 's'} accepted`);
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (phase === 'streaming') abort.current?.abort();
      else if (phase === 'review') decideAll('rejected');
      else onClose();
    }
    if (phase === 'review' && e.altKey && (e.key === 'Enter')) {
      e.preventDefault();
      decideAll('accepted');
    }
  };

  return (
    <div className="inline-edit" ref={panel} role="dialog" aria-label="Edit with AI" onKeyDown={onKey}
      data-testid="inline-edit">
      {phase !== 'review' && (
        <form onSubmit={(e) => { e.preventDefault(); void generate(); }} className="inline-edit-form">
          <label htmlFor="ai-edit-instruction" className="sr-only">Edit instruction</label>
          <input id="ai-edit-instruction" ref={input} value={instruction} disabled={phase === 'streaming'}
            placeholder={`Edit lines ${region.startLine}–${region.endLine}: describe the change…`}
            onChange={(e) => setInstruction(e.target.value)} autoComplete="off" />
          {phase === 'prompt'
            ? <button type="submit" className="primary" disabled={!instruction.trim()}>Generate</button>
            : <button type="button" onClick={() => abort.current?.abort()}>Stop</button>}
          <button type="button" onClick={() => onClose()} aria-label="Close">×</button>
        </form>
      )}
      {phase === 'streaming' && <p className="muted small" aria-live="polite">Generating the edit…</p>}
      {error && <p role="alert" className="error small">{error}</p>}
      {phase === 'review' && (
        <div className="inline-edit-review">
          <p className="small"><b>{hunks.length}</b> change{hunks.length === 1 ? '' : 's'} proposed for “{instruction}”.
            <span className="muted"> Esc rejects the rest, Alt+Enter accepts all.</span></p>
          <ol className="hunk-list">
            {hunks.map((h, k) => (
              <li key={k} data-testid={`hunk-${k + 1}`} data-decision={decisions[k]}>
                <span className="small">Change {k + 1} · line {region.startLine + currentStart(hunks, decisions, k)}
                  {' '}<span className="ai-del-text">−{h.oldLines.length}</span> <span className="ai-add-text">+{h.newLines.length}</span></span>
                {decisions[k] === 'pending' ? (
                  <span className="hunk-actions">
                    <button data-hunk-action="accept" onClick={() => decide(k, 'accepted')}
                      aria-label={`Accept change ${k + 1}`}>Accept</button>
                    <button data-hunk-action="reject" onClick={() => decide(k, 'rejected')}
                      aria-label={`Reject change ${k + 1}`}>Reject</button>
                  </span>
                ) : <span className="muted small">{decisions[k]}</span>}
              </li>
            ))}
          </ol>
          <div className="dialog-actions">
            <button className="primary" onClick={() => decideAll('accepted')}>Accept all</button>
            <button onClick={() => decideAll('rejected')}>Reject all</button>
          </div>
        </div>
      )}
    </div>
  );
}

function zoneNode(lines: string[], className: string, label?: string): { node: HTMLElement; lines: number } {
  const node = document.createElement('div');
  node.className = className;
  if (label) node.setAttribute('aria-label', label);
  for (const l of lines.length ? lines : ['']) {
    const row = document.createElement('div');
    row.textContent = l || '\u00a0';
    node.appendChild(row);
  }
  return { node, lines: Math.max(1, lines.length) };
}

/** Replaces `count` whole lines from `startLine` (1-based) with `lines` as one undoable edit. */
export function replaceLines(model: monaco.editor.ITextModel, startLine: number, count: number, lines: string[]): void {
  const last = model.getLineCount();
  let range: monaco.Range;
  let text: string;
  if (count === 0) {
    if (startLine <= last) {
      range = new monaco.Range(startLine, 1, startLine, 1);
      text = lines.map((l) => `${l}\n`).join('');
    } else {
      range = new monaco.Range(last, model.getLineMaxColumn(last), last, model.getLineMaxColumn(last));
      text = lines.map((l) => `\n${l}`).join('');
    }
  } else {
    const end = startLine + count - 1;
    if (end < last) {
      range = new monaco.Range(startLine, 1, end + 1, 1);
      text = lines.map((l) => `${l}\n`).join('');
    } else if (lines.length || startLine === 1) {
      range = new monaco.Range(startLine, 1, end, model.getLineMaxColumn(end));
      text = lines.join('\n');
    } else {
      range = new monaco.Range(startLine - 1, model.getLineMaxColumn(startLine - 1), end, model.getLineMaxColumn(end));
      text = '';
    }
  }
  model.pushEditOperations([], [{ range, text, forceMoveMarkers: true }], () => null);
}
