import { FormEvent, useState } from 'react';
import { BucketLimit, fetchCaller, fetchTenantLimits, getIdleTimeout, putIdleTimeout, TenantLimits } from '../../api/admin';
import {
  describeIdleTimeout, IdleTimeout, IdleTimeoutForm, MAX_MINUTES, MIN_MINUTES, toBody, toForm,
} from '../../modules/admin/idleTimeoutForm';
import { explain, States, useLoad } from '../../modules/admin/ui';

/**
 * Org admins: the tenant's request rate limits and AI token budgets as the gateway applies them (read-only: the
 * platform operator sets them with the tenant's registration), and the idle auto-stop timeout, which the org admin
 * may change.
 */
export function AdminSettings() {
  const limits = useLoad(fetchTenantLimits);
  return (
    <main className="page admin">
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <IdleTimeoutSection />
      <section className="card settings-section" aria-labelledby="limits-title" data-testid="limits">
        <div className="page-head">
          <h2 id="limits-title">Rate limits and AI token budgets</h2>
          <span className="grow" />
          <button onClick={() => void limits.reload()} disabled={limits.loading}>Refresh</button>
        </div>
        <p className="muted small">
          Read-only. The platform operator sets these limits when registering your organization; ask them to change
          one. Each limit is a bucket that holds the number shown and refills continuously at that rate per minute;
          a request over it is answered 429 “Too Many Requests” until the bucket refills.
        </p>
        <States loading={limits.loading} error={limits.error} empty={!limits.data}
          emptyText="The platform reports no limits for your organization.">
          {limits.data && <LimitsTable limits={limits.data} />}
        </States>
      </section>
    </main>
  );
}

function LimitsTable({ limits }: { limits: TenantLimits }) {
  const rows: [string, string, BucketLimit][] = [
    ['API requests', 'whole organization', limits.requests.tenant],
    ['API requests', 'each user', limits.requests.user],
    ['AI tokens', 'whole organization', limits.aiTokens.tenant],
    ['AI tokens', 'each user', limits.aiTokens.user],
  ];
  return (
    <>
      {!limits.enforced && (
        <p role="status" className="banner small" data-testid="limits-not-enforced">
          The gateway does not enforce rate limits at the moment (switched off by the platform operator).
        </p>
      )}
      <table className="admin-table" aria-label="Rate limits and AI token budgets">
        <thead>
          <tr><th>Limit</th><th>Applies to</th><th className="num">Per minute</th><th className="num">Burst (capacity)</th>
            <th>Source</th></tr>
        </thead>
        <tbody>
          {rows.map(([what, scope, l]) => (
            <tr key={`${what}-${scope}`} data-testid={`limit-${what === 'AI tokens' ? 'ai' : 'req'}-${scope === 'each user' ? 'user' : 'tenant'}`}>
              <td>{what}</td>
              <td>{scope}</td>
              <td className="num" data-testid="per-minute">{fmt(l.perMinute)}</td>
              <td className="num">{fmt(l.capacity)}</td>
              <td>{l.overridden
                ? <>set for your organization <span className="muted small">(platform default {fmt(l.platformDefault)})</span></>
                : 'platform default'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const fmt = (n: number) => n.toLocaleString('en-US');

function IdleTimeoutSection() {
  const current = useLoad<IdleTimeout>(async () => {
    const me = await fetchCaller();
    if (!me.tenantId) throw new Error('You are not signed in to an organization.');
    return getIdleTimeout(me.tenantId);
  });
  // null: the stored value as it is (also right after loading or saving); set once the admin edits
  const [edited, setEdited] = useState<IdleTimeoutForm | null>(null);
  const form = edited ?? (current.data ? toForm(current.data) : null);
  const setForm = setEdited;
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || !current.data) return;
    const checked = toBody(form);
    setStatus(null);
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    setError(null);
    setSaving(true);
    try {
      await putIdleTimeout(current.data.tenantId, checked.body);
      await current.reload();
      setEdited(null);
      setStatus({ ok: true, text: 'Saved. Running workspaces follow the new setting at once.' });
    } catch (err) {
      setStatus({ ok: false, text: `Saving failed: ${explain(err)}` });
    } finally {
      setSaving(false);
    }
  };

  const reset = () => {
    setEdited(null);
    setError(null);
    setStatus(null);
  };

  return (
    <section className="card settings-section" aria-labelledby="idle-title" data-testid="idle-timeout">
      <h2 id="idle-title">Idle auto-stop</h2>
      <States loading={current.loading} error={current.error} empty={!form}
        emptyText="No idle timeout is known for your organization.">
        {current.data && form && (
          <form className="admin-form" onSubmit={(e) => void submit(e)} aria-label="Idle auto-stop"
            onKeyDown={(e) => e.key === 'Escape' && reset()}>
            <p data-testid="idle-current">{describeIdleTimeout(current.data)}</p>
            <p className="muted small">
              A running workspace without activity (editor, terminal, AI) gets a warning shortly before it stops; its
              files stay. The change applies to running workspaces at once.
            </p>
            <label className="check">
              <input type="checkbox" checked={form.enabled} data-testid="idle-enabled"
                onChange={(e) => setForm({ ...form, enabled: e.target.checked })} /> Stop idle workspaces automatically
            </label>
            <div className="field idle-minutes">
              <label htmlFor="idle-minutes">Minutes without activity before a workspace stops</label>
              <input id="idle-minutes" data-testid="idle-minutes" inputMode="numeric" size={8} value={form.minutes}
                disabled={!form.enabled} aria-invalid={!!error} aria-describedby="idle-minutes-hint"
                onChange={(e) => setForm({ ...form, minutes: e.target.value })} />
              <span id="idle-minutes-hint" className="muted small">
                {MIN_MINUTES} to {MAX_MINUTES.toLocaleString('en-US')} (7 days)
              </span>
              {error && <span role="alert" className="error small" data-testid="idle-error">{error}</span>}
            </div>
            {status && (
              <p role={status.ok ? 'status' : 'alert'} className={status.ok ? '' : 'error'} data-testid="idle-status">
                {status.text}
              </p>
            )}
            <div className="dialog-actions">
              <button type="button" onClick={reset} disabled={saving}>Reset</button>
              <button type="submit" className="primary" disabled={saving} data-testid="idle-save">
                {saving ? 'Saving…' : 'Save'}
              </button>
            </div>
          </form>
        )}
      </States>
    </section>
  );
}
