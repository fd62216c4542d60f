import { FormEvent, useState } from 'react';
import { createTenant, IdentityProvider, listTenants, putIdentityProvider, putQuotas } from '../../api/admin';
import {
  DEFAULT_QUOTAS, EMPTY_IDP, idpBody, IdpForm, idpFormOf, QuotaForm, quotasBody, TENANT_ID,
} from '../../modules/admin/tenantForm';
import { explain, States, useLoad } from '../../modules/admin/ui';

type Mode = { kind: 'onboard' } | { kind: 'edit'; tenant: IdentityProvider } | null;

/** Platform operators: registered tenants; onboard one (tenant, quotas, identity provider); edit both. */
export function AdminTenants() {
  const list = useLoad(() => listTenants().then((r) => r.items));
  const [mode, setMode] = useState<Mode>(null);
  const items = list.data ?? [];
  return (
    <main className="page admin">
      <div className="page-head">
        <h1>Tenants</h1>
        <span className="grow" />
        <button className="primary" onClick={() => setMode({ kind: 'onboard' })}>Onboard a tenant</button>
      </div>
      <p className="muted small">
        The list shows tenants with a registered identity provider (the gateway’s registry). Quotas live on
        command-side, which offers no read yet: editing quotas sets all of them anew.
      </p>
      {mode && (
        <TenantForm key={mode.kind === 'edit' ? mode.tenant.tenantId : 'new'} mode={mode}
          onClose={() => setMode(null)} onSaved={() => void list.reload()} />
      )}
      <States loading={list.loading} error={list.error} empty={items.length === 0} emptyText="No tenant is registered yet.">
        <table className="admin-table" aria-label="Tenants">
          <thead>
            <tr><th>Tenant</th><th>Issuer</th><th>Audiences</th><th>Roles</th><th>Rate limits / min</th>
              <th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.tenantId} data-testid={`tenant-${t.tenantId}`}>
                <td>{t.tenantId}</td>
                <td className="mono small">{t.issuer}</td>
                <td className="small">{t.audiences.join(', ')}</td>
                <td className="small">
                  claim <span className="mono">{t.roleClaim}</span>
                  {Object.keys(t.roleMapping ?? {}).length > 0
                    ? <div>{Object.entries(t.roleMapping).map(([k, v]) => `${k}→${v}`).join(', ')}</div>
                    : <div className="muted">names taken as they are</div>}
                </td>
                <td className="small">
                  {t.rateLimits && `${t.rateLimits.tenantRequestsPerMinute} req (${t.rateLimits.userRequestsPerMinute}/user) · `
                    + `${t.rateLimits.tenantAiTokensPerMinute} AI tokens (${t.rateLimits.userAiTokensPerMinute}/user)`}
                </td>
                <td className="actions"><button onClick={() => setMode({ kind: 'edit', tenant: t })}>Edit</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </States>
    </main>
  );
}

function TenantForm({ mode, onClose, onSaved }: { mode: NonNullable<Mode>; onClose: () => void; onSaved: () => void }) {
  const editing = mode.kind === 'edit' ? mode.tenant : null;
  const [id, setId] = useState(editing?.tenantId ?? '');
  const [name, setName] = useState('');
  const [quotas, setQuotas] = useState<QuotaForm>(DEFAULT_QUOTAS);
  const [changeQuotas, setChangeQuotas] = useState(!editing);
  const [idp, setIdp] = useState<IdpForm>(editing ? idpFormOf(editing) : EMPTY_IDP);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!editing) {
      if (!TENANT_ID.test(id)) errs.id = '2–40 lowercase letters, digits or inner hyphens, starting with a letter';
      if (!name.trim()) errs.name = 'required';
    }
    const q = changeQuotas ? quotasBody(quotas) : null;
    if (q && 'errors' in q) Object.assign(errs, q.errors);
    const p = idpBody(idp);
    if ('errors' in p) Object.assign(errs, p.errors);
    setErrors(errs);
    if (Object.keys(errs).length || 'errors' in p || (q && 'errors' in q)) return;
    setSaving(true);
    setStatus(null);
    let step = '';
    try {
      if (!editing && q) {
        step = 'Creating the tenant';
        await createTenant({ id, name: name.trim(), quotas: q.body });
      } else if (q) {
        step = 'Changing the quotas';
        await putQuotas(id, q.body);
      }
      step = 'Registering the identity provider';
      await putIdentityProvider(id, p.body);
      setStatus({ ok: true, text: editing ? 'Saved.' : `Tenant ${id} is onboarded; its users can sign in at /t/${id}.` });
      onSaved();
    } catch (err) {
      setStatus({ ok: false, text: `${step} failed: ${explain(err)}` });
    } finally {
      setSaving(false);
    }
  };

  const input = (key: string, label: string, value: string, onChange: (v: string) => void, extra: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`tf-${key}`}>{label}</label>
      <input id={`tf-${key}`} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={!!errors[key]} {...extra} />
      {errors[key] && <span className="error small">{errors[key]}</span>}
    </div>
  );
  const limits = (which: 'defaultLimits' | 'maxLimits', title: string) => (
    <fieldset>
      <legend>{title}</legend>
      {(['memoryMiB', 'swapMiB', 'cpus', 'pids'] as const).map((k) =>
        input(`${which}.${k}`, { memoryMiB: 'Memory MiB', swapMiB: 'Swap MiB', cpus: 'CPUs', pids: 'Processes' }[k],
          quotas[which][k], (v) => setQuotas({ ...quotas, [which]: { ...quotas[which], [k]: v } }), { inputMode: 'decimal', size: 6 }))}
    </fieldset>
  );

  return (
    <form className="admin-form card" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onClose()}
      aria-label={editing ? `Edit tenant ${editing.tenantId}` : 'Onboard a tenant'}>
      <h2>{editing ? `Edit tenant “${editing.tenantId}”` : 'Onboard a tenant'}</h2>
      {!editing && (
        <div className="grid">
          {input('id', 'Tenant id', id, setId, { autoFocus: true, placeholder: 'initech' })}
          {input('name', 'Name', name, setName, { placeholder: 'Initech' })}
        </div>
      )}
      <h3>Quotas</h3>
      {editing && (
        <label className="check">
          <input type="checkbox" checked={changeQuotas} onChange={(e) => setChangeQuotas(e.target.checked)} /> Change the
          quotas (the current values cannot be read back; all of them are set)
        </label>
      )}
      {changeQuotas && (
        <div className="grid">
          {input('maxRunningWorkspaces', 'Max running workspaces', quotas.maxRunningWorkspaces,
            (v) => setQuotas({ ...quotas, maxRunningWorkspaces: v }), { inputMode: 'numeric' })}
          {limits('defaultLimits', 'Default per workspace')}
          {limits('maxLimits', 'Maximum per workspace')}
        </div>
      )}
      <h3>Identity provider</h3>
      <div className="grid">
        {input('issuer', 'Issuer URL', idp.issuer, (v) => setIdp({ ...idp, issuer: v }), { placeholder: 'https://sso.initech.example/realms/initech' })}
        {input('audiences', 'Audiences', idp.audiences, (v) => setIdp({ ...idp, audiences: v }))}
        {input('roleClaim', 'Role claim', idp.roleClaim, (v) => setIdp({ ...idp, roleClaim: v }), { placeholder: 'roles or realm_access.roles' })}
        <div className="field">
          <label htmlFor="tf-roleMapping">Role mapping (one “idp-role = ROLE” per line; empty: names as they are)</label>
          <textarea id="tf-roleMapping" rows={3} value={idp.roleMapping} onChange={(e) => setIdp({ ...idp, roleMapping: e.target.value })}
            aria-invalid={!!errors.roleMapping} placeholder="developer = DEVELOPER" />
          {errors.roleMapping && <span className="error small">{errors.roleMapping}</span>}
        </div>
        {(['tenantRequestsPerMinute', 'userRequestsPerMinute', 'tenantAiTokensPerMinute', 'userAiTokensPerMinute'] as const).map((k) =>
          input(`rateLimits.${k}`, { tenantRequestsPerMinute: 'Requests/min (tenant)', userRequestsPerMinute: 'Requests/min (user)',
            tenantAiTokensPerMinute: 'AI tokens/min (tenant)', userAiTokensPerMinute: 'AI tokens/min (user)' }[k],
          idp.rateLimits[k], (v) => setIdp({ ...idp, rateLimits: { ...idp.rateLimits, [k]: v } }), { inputMode: 'numeric', placeholder: 'default' }))}
      </div>
      {status && <p role={status.ok ? 'status' : 'alert'} className={status.ok ? '' : 'error'}>{status.text}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Close</button>
        <button type="submit" className="primary" disabled={saving}>{saving ? 'Saving…' : editing ? 'Save' : 'Onboard'}</button>
      </div>
    </form>
  );
}
