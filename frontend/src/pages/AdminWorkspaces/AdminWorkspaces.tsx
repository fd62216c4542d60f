import { useState } from 'react';
import { getOwnTenant, listAllWorkspaces } from '../../api/admin';
import { deleteWorkspace, stopWorkspace, TRANSITIONAL, Workspace } from '../../api/workspaces';
import { StatusBadge } from '../../components/StatusBadge';
import { quotaGauges, quotaUse } from '../../modules/admin/quota';
import { explain, States, until, useLoad } from '../../modules/admin/ui';

/** Org admins: every workspace of the tenant, with owner, stack, status, node and resources; stop or delete. */
export function AdminWorkspaces() {
  const list = useLoad(listAllWorkspaces);
  const tenant = useLoad(getOwnTenant);
  const [busy, setBusy] = useState<Record<string, string>>({});
  const [rowError, setRowError] = useState<Record<string, string>>({});
  const items = list.data ?? [];
  const use = quotaUse(items);
  const gauges = quotaGauges(use, tenant.data?.quotas ?? null);

  const act = async (w: Workspace, label: string, call: () => Promise<unknown>) => {
    setBusy((b) => ({ ...b, [w.id]: label }));
    setRowError((r) => ({ ...r, [w.id]: '' }));
    try {
      await call();
      await until(listAllWorkspaces, (xs) => {
        const x = xs.find((y) => y.id === w.id);
        return !x || !TRANSITIONAL.includes(x.status);
      }, 20_000);
      await Promise.all([list.reload(), tenant.reload()]);
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
        <button onClick={() => void Promise.all([list.reload(), tenant.reload()])} disabled={list.loading}>Refresh</button>
      </div>
      <section className="card quota" aria-label="Quota use" data-testid="quota">
        <div className="quota-gauges">
          {gauges.map((g) => (
            <div key={g.key} className={`quota-gauge${g.over ? ' over' : ''}`} data-testid={`quota-${g.key}`}>
              <span>{g.label}</span>{' '}
              <strong>{g.used}{g.unit && ` ${g.unit}`}</strong>
              {g.limit !== null && <> of {g.limit}{g.unit && ` ${g.unit}`}</>}
              {g.percent !== null && (
                <meter min={0} max={100} low={70} high={90} optimum={0} value={g.percent}
                  aria-label={`${g.label}: ${g.percent}% of the quota`} />
              )}
            </div>
          ))}
        </div>
        <div className="muted small">
          {tenant.error
            ? `The organization’s quota could not be loaded (${tenant.error}); starting over it is refused with the reason.`
            : tenant.data
              ? `${items.length} workspaces in all. The quota caps running workspaces at ${tenant.data.quotas.maxRunningWorkspaces}; `
                + 'CPU and memory are shown against that many workspaces at the per-workspace maximum.'
              : 'Loading the organization’s quota…'}
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
