import { useState } from 'react';
import { listAllWorkspaces } from '../../api/admin';
import { deleteWorkspace, stopWorkspace, TRANSITIONAL, Workspace } from '../../api/workspaces';
import { StatusBadge } from '../../components/StatusBadge';
import { quotaUse } from '../../modules/admin/quota';
import { explain, States, until, useLoad } from '../../modules/admin/ui';

/** Org admins: every workspace of the tenant, with owner, stack, status, node and resources; stop or delete. */
export function AdminWorkspaces() {
  const list = useLoad(listAllWorkspaces);
  const [busy, setBusy] = useState<Record<string, string>>({});
  const [rowError, setRowError] = useState<Record<string, string>>({});
  const items = list.data ?? [];
  const use = quotaUse(items);

  const act = async (w: Workspace, label: string, call: () => Promise<unknown>) => {
    setBusy((b) => ({ ...b, [w.id]: label }));
    setRowError((r) => ({ ...r, [w.id]: '' }));
    try {
      await call();
      await until(listAllWorkspaces, (xs) => {
        const x = xs.find((y) => y.id === w.id);
        return !x || !TRANSITIONAL.includes(x.status);
      }, 20_000);
      await list.reload();
    } catch (e) {
      setRowError((r) => ({ ...r, [w.id]: explain(e) }));
    } finally {
      setBusy((b) => ({ ...b, [w.id]: '' }));
    }
  };

  return (
    <main className="page admin">
      <div className="page-head">
        <h1>Members’ workspaces</h1>
        <span className="grow" />
        <button onClick={() => void list.reload()} disabled={list.loading}>Refresh</button>
      </div>
      <section className="card quota" aria-label="Quota use" data-testid="quota">
        <strong>{use.running}</strong> running of {items.length} workspaces · CPUs in use {use.cpus} · memory in use{' '}
        {use.memoryMiB} MiB
        <div className="muted small">
          No endpoint offers the organization’s quota limits to org admins yet, so the limits are not shown here;
          starting a workspace over the quota is refused with the reason.
        </div>
      </section>
      <States loading={list.loading} error={list.error} empty={items.length === 0}
        emptyText="Nobody in your organization has a workspace yet.">
        <table className="admin-table" aria-label="All workspaces of the organization">
          <thead>
            <tr><th>Name</th><th>Owner</th><th>Stack</th><th>Status</th><th>Node</th><th>Resources</th>
              <th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.id} data-testid={`mws-${w.name}`}>
                <td>{w.name}</td>
                <td>{w.owner?.name ?? w.owner?.subject ?? '—'}</td>
                <td>{w.stackId}</td>
                <td>
                  <StatusBadge status={w.status} />
                  {w.failureReason && <div className="error small">{w.failureReason}</div>}
                  {rowError[w.id] && <div role="alert" className="error small">{rowError[w.id]}</div>}
                </td>
                <td className="mono small">{w.nodeId ?? '—'}</td>
                <td className="small">{resources(w)}</td>
                <td className="actions">
                  {busy[w.id] ? <span aria-live="polite">{busy[w.id]}…</span> : (
                    <>
                      {w.status === 'RUNNING' && (
                        <button onClick={() => void act(w, 'Stopping', () => stopWorkspace(w.id))}>Stop</button>
                      )}
                      {!TRANSITIONAL.includes(w.status) && (
                        <button className="danger" onClick={() => {
                          if (window.confirm(`Delete ${w.owner?.name ?? 'this member'}’s workspace "${w.name}" and its files?`)) {
                            void act(w, 'Deleting', () => deleteWorkspace(w.id));
                          }
                        }}>Delete</button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </States>
    </main>
  );
}

function resources(w: Workspace): string {
  if (!w.limits) return '—';
  const mem = Math.round(w.limits.memoryBytes / 1024 / 1024);
  const cpus = w.limits.nanoCpus / 1e9;
  return `${cpus} CPU · ${mem} MiB · ${w.limits.pids} pids`;
}
