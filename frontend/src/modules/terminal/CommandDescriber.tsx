import { useEffect, useRef, useState } from 'react';
import { CommandSuggestion, confirmCommand, describeCommand } from '../../api/ai';
import { ApiError, describeProblem } from '../../api/problem';

/**
 * "Describe a command": the AI suggests a shell command for a request; nothing runs until the user confirms, then
 * the confirmation is recorded (audited, …/ai/command/{id}/confirm) and the command is typed into this terminal
 * with Enter, so its output and any prompts are live there.
 */
export function CommandDescriber({ workspaceId, canType, type, onClose }: {
  workspaceId: string;
  canType: boolean;
  type: (text: string) => boolean;
  onClose: () => void;
}) {
  const [request, setRequest] = useState('');
  const [busy, setBusy] = useState(false);
  const [suggestion, setSuggestion] = useState<CommandSuggestion | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => { if (suggestion) confirmButton.current?.focus(); }, [suggestion]);

  const problem = (e: unknown) => (e instanceof ApiError ? describeProblem(e.problem) : String(e));

  const describe = async () => {
    if (!request.trim()) return;
    setBusy(true);
    setError(null);
    setSuggestion(null);
    const c = new AbortController();
    abort.current = c;
    try {
      setSuggestion(await describeCommand(workspaceId, request.trim(), c.signal));
    } catch (e) {
      if (!c.signal.aborted) setError(problem(e));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!suggestion) return;
    setBusy(true);
    setError(null);
    try {
      const confirmed = await confirmCommand(workspaceId, suggestion.id);
      if (!type(`${confirmed.command}\r`)) {
        setError('The terminal is not connected; the command was not typed.');
        return;
      }
      onClose();
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="describe-command" role="dialog" aria-label="Describe a command"
      onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); onClose(); } }}>
      <form onSubmit={(e) => { e.preventDefault(); void describe(); }}>
        <label htmlFor="describe-input" className="sr-only">What should the command do?</label>
        <input id="describe-input" ref={input} value={request} onChange={(e) => setRequest(e.target.value)}
          placeholder="Describe what the command should do…" autoComplete="off" disabled={busy} />
        <button type="submit" disabled={busy || !request.trim()}>{busy && !suggestion ? 'Asking…' : 'Suggest'}</button>
        <button type="button" onClick={onClose} aria-label="Close">×</button>
      </form>
      {suggestion && (
        <div className="suggested" data-testid="suggested-command">
          <code>{suggestion.command}</code>
          {suggestion.explanation && <p className="small muted">{suggestion.explanation}</p>}
          <p className="small">Nothing has run. Confirm to type it into this terminal and press Enter.</p>
          <div className="dialog-actions">
            <button ref={confirmButton} className="primary" disabled={busy || !canType} onClick={() => void confirm()}>
              Run in terminal
            </button>
            <button onClick={() => { setSuggestion(null); input.current?.focus(); }}>Discard</button>
          </div>
        </div>
      )}
      {error && <p role="alert" className="error small">{error}</p>}
    </div>
  );
}
