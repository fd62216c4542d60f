import { FormEvent, useEffect, useState } from 'react';
import { getOwnTenant, TenantView } from '../../api/admin';
import { ApiError, describeProblem } from '../../api/problem';
import {
  createWorkspace, deleteWorkspace, startWorkspace, stopWorkspace, TRANSITIONAL, Workspace,
} from '../../api/workspaces';
import { Link } from '../../components/Link';
import { createBounds, validateCreate } from '../../modules/admin/quota';
import { StatusBadge } from '../../components/StatusBadge';
import { useLiveWorkspaces } from './useLiveWorkspaces';

const STACKS = [
  { id: 'python_311', label: 'Python 3.11' },
  { id: 'nodejs_18', label: 'Node.js 18' },
  { id: 'java_17', label: 'Java 17' },
  { id: 'go_121', label: 'Go 1.21' },
  { id: 'python_anaconda', label: 'Anaconda' },
  { id: 'busybox', label: 'BusyBox (minimal)' },
];
// the platform's sensible bounds, narrowed to the tenant's maximum per workspace once GET /api/v1/tenant answers;
// the server still refuses anything over the tenant's quota with a clear problem that the form shows
const MEMORY = { min: 64, max: 4096, step: 64, initial: 512 };
const CPUS = { min: 0.25, max: 4, step: 0.25, initial: 1 };

const message = (e: unknown) => (e instanceof ApiError ? describeProblem(e.problem) : String(e));

export function WorkspacesPage() {
  const { items, error, live, follow, upsert } = useLiveWorkspaces();
  const [busy, setBusy] = useState<Record<string, string>>({});
  const [rowError, setRowError] = useState<Record<string, string>>({});
  const [showCreate, setShowCreate] = useState(false);

  const act = async (w: Workspace, label: string, call: () => Promise<unknown>, expectGone = false) => {
    setBusy((b) => ({ ...b, [w.id]: label }));
    setRowError((r) => ({ ...r, [w.id]: '' }));
    try {
      await call();
      await follow(w.id, expectGone);
    } catch (e) {
      setRowError((r) => ({ ...r, [w.id]: message(e) }));
    } finally {
      setBusy((b) => ({ ...b, [w.id]: '' }));
    }
  };

  return (
    <main className="page">
      <div className="page-head">
        <h1>Workspaces</h1>
        <span className={`live live-${live}`} data-testid="live-state" title="Status updates">
          {live === 'live' ? '● live' : live === 'unavailable' ? '○ updates on action' : '… ' + live}
        </span>
        <span className="grow" />
        <button className="primary" onClick={() => setShowCreate((s) => !s)} aria-expanded={showCreate}>
          New workspace
        </button>
      </div>
      {showCreate && (
        <CreateForm
          onCreated={(w) => {
            upsert(w);
            setShowCreate(false);
          }}
        />
      )}
      {error && <p role="alert" className="error">Could not load your workspaces: {error}</p>}
      {items === null && !error && <p aria-live="polite">Loading…</p>}
      {items?.length === 0 && <p className="empty">No workspaces yet. Create one from a stack to start.</p>}
      {items && items.length > 0 && (
        <table className="workspaces" aria-label="Your workspaces">
          <thead>
            <tr><th>Name</th><th>Stack</th><th>Status</th><th>Resources</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.id} data-testid={`ws-${w.name}`}>
                <td>
                  {w.status === 'RUNNING' ? <Link href={`/workspaces/${w.id}`}>{w.name}</Link> : w.name}
                </td>
                <td>{w.stackId}</td>
                <td>
                  <StatusBadge status={w.status} />
                  {w.status === 'FAILED' && w.failureReason && <div className="error small">{w.failureReason}</div>}
                  {rowError[w.id] && <div role="alert" className="error small">{rowError[w.id]}</div>}
                </td>
                <td className="muted">{resources(w)}</td>
                <td className="actions">
                  {busy[w.id] ? (
                    <span aria-live="polite">{busy[w.id]}…</span>
                  ) : (
                    <>
                      {w.status === 'RUNNING' && <Link className="button" href={`/workspaces/${w.id}`}>Open</Link>}
                      {(w.status === 'STOPPED' || w.status === 'FAILED') && (
                        <button onClick={() => void act(w, 'Starting', () => startWorkspace(w.id))}>Start</button>
                      )}
                      {w.status === 'RUNNING' && (
                        <button onClick={() => void act(w, 'Stopping', () => stopWorkspace(w.id))}>Stop</button>
                      )}
                      {!TRANSITIONAL.includes(w.status) && (
                        <button
                          className="danger"
                          onClick={() => {
                            if (window.confirm(`Delete workspace "${w.name}" and its files?`)) {
                              void act(w, 'Deleting', () => deleteWorkspace(w.id), true);
                            }
                          }}
                        >
                          Delete
                        </button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function resources(w: Workspace): string {
  if (!w.limits) return '';
  const mem = Math.round(w.limits.memoryBytes / (1024 * 1024));
  const cpus = w.limits.nanoCpus / 1e9;
  return `${mem} MiB · ${cpus} CPU`;
}

function CreateForm({ onCreated }: { onCreated: (w: Workspace) => void }) {
  const [name, setName] = useState('');
  const [stackId, setStackId] = useState(STACKS[0].id);
  const [memory, setMemory] = useState(MEMORY.initial);
  const [cpus, setCpus] = useState(CPUS.initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tenant, setTenant] = useState<TenantView | null>(null);
  const bounds = createBounds(tenant?.quotas ?? null);
  const fieldErrors: Record<string, string> = validateCreate({ memoryMiB: memory, cpus }, bounds);
  const maxMemory = bounds ? Math.min(MEMORY.max, bounds.memoryMiB) : MEMORY.max;
  const maxCpus = bounds ? Math.min(CPUS.max, bounds.cpus) : CPUS.max;

  useEffect(() => {
    let live = true;
    // without the limits the form keeps the platform bounds; the server still checks the quota
    getOwnTenant().then((t) => live && setTenant(t), () => undefined);
    return () => {
      live = false;
    };
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(fieldErrors).length) return;
    setBusy(true);
    setError(null);
    try {
      const created = await createWorkspace({ name: name.trim(), stackId, limits: { memoryMiB: memory, cpus } });
      onCreated({ id: created.workspaceId, tenantId: '', name: name.trim(), stackId, status: created.status,
        limits: { memoryBytes: memory * 1024 * 1024, swapBytes: 0, nanoCpus: cpus * 1e9, pids: 0 } });
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card create" onSubmit={submit} aria-label="New workspace">
      <div className="field">
        <label htmlFor="ws-name">Name</label>
        <input id="ws-name" required maxLength={64} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </div>
      <div className="field">
        <label htmlFor="ws-stack">Stack</label>
        <select id="ws-stack" value={stackId} onChange={(e) => setStackId(e.target.value)}>
          {STACKS.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="ws-memory">Memory (MiB, {MEMORY.min}–{maxMemory})</label>
        <input id="ws-memory" type="number" min={MEMORY.min} max={maxMemory} step={MEMORY.step} value={memory}
          onChange={(e) => setMemory(Number(e.target.value))} aria-invalid={!!fieldErrors.memory}
          aria-describedby={fieldErrors.memory ? 'ws-memory-error' : undefined} />
        {fieldErrors.memory && <span id="ws-memory-error" className="error small">{fieldErrors.memory}</span>}
      </div>
      <div className="field">
        <label htmlFor="ws-cpus">CPUs ({CPUS.min}–{maxCpus})</label>
        <input id="ws-cpus" type="number" min={CPUS.min} max={maxCpus} step={CPUS.step} value={cpus}
          onChange={(e) => setCpus(Number(e.target.value))} aria-invalid={!!fieldErrors.cpus}
          aria-describedby={fieldErrors.cpus ? 'ws-cpus-error' : undefined} />
        {fieldErrors.cpus && <span id="ws-cpus-error" className="error small">{fieldErrors.cpus}</span>}
      </div>
      <p className="muted small" data-testid="create-limits">
        {tenant
          ? `Your organization allows at most ${bounds!.memoryMiB} MiB and ${bounds!.cpus} CPUs per workspace and `
            + `${tenant.quotas.maxRunningWorkspaces} running workspaces (${tenant.usage.runningWorkspaces} now).`
          : 'Your organization’s quota applies; the platform refuses more and says why.'}
      </p>
      <button className="primary" type="submit" disabled={busy || Object.keys(fieldErrors).length > 0}>{busy ? 'Creating…' : 'Create'}</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
