import { FormEvent, useState } from 'react';
import {
  addAiService, AiService, ConnectionTest, listAiServices, removeAiService, setActiveAiService, setFallbackAiService, testAiService,
  updateAiService,
} from '../../api/admin';
import {
  AiServiceForm, describeTest, emptyForm, formErrors, formOf, KINDS, kindLabel, requestBody,
} from '../../modules/admin/aiServiceForm';
import { explain, States, until, useLoad } from '../../modules/admin/ui';

/** Org admins: the tenant's AI services (add, edit, remove, test, active and fallback). */
export function AdminAiServices() {
  const list = useLoad(() => listAiServices().then((r) => r.items));
  const [editing, setEditing] = useState<AiService | 'new' | null>(null);
  const [busy, setBusy] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, { ok: boolean; text: string }>>({});

  const refreshUntil = async (ok: (items: AiService[]) => boolean) => {
    await until(() => listAiServices().then((r) => r.items), ok);
    await list.reload();
  };

  const act = async (s: AiService, label: string, call: () => Promise<unknown>, ok: (items: AiService[]) => boolean,
    note?: (r: unknown) => { ok: boolean; text: string }) => {
    setBusy((b) => ({ ...b, [s.aiServiceId]: label }));
    setNotes((n) => ({ ...n, [s.aiServiceId]: { ok: true, text: '' } }));
    try {
      const r = await call();
      if (note) setNotes((n) => ({ ...n, [s.aiServiceId]: note(r) }));
      await refreshUntil(ok);
    } catch (e) {
      setNotes((n) => ({ ...n, [s.aiServiceId]: { ok: false, text: explain(e) } }));
    } finally {
      setBusy((b) => ({ ...b, [s.aiServiceId]: '' }));
    }
  };

  const items = list.data ?? [];
  return (
    <main className="page admin">
      <div className="page-head">
        <h1>AI services</h1>
        <span className="grow" />
        <button className="primary" onClick={() => setEditing('new')} aria-expanded={editing === 'new'}>Add service</button>
      </div>
      <p className="muted small">
        The service marked active answers your organization’s AI requests; the fallback takes over when it fails.
        Keys are write-only: only their last four characters are ever shown.
      </p>
      {editing && (
        <ServiceForm
          editing={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={async (id) => {
            setEditing(null);
            await refreshUntil((xs) => xs.some((x) => x.aiServiceId === id));
          }}
        />
      )}
      <States loading={list.loading} error={list.error} empty={items.length === 0}
        emptyText="No AI service yet. Add one to let your developers use the AI features.">
        <table className="admin-table" aria-label="AI services">
          <thead>
            <tr><th>Name</th><th>Kind</th><th>Endpoint and model</th><th>Key</th><th>Role</th><th>Last test</th>
              <th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.aiServiceId} data-testid={`svc-${s.name}`}>
                <td>{s.name}</td>
                <td>{kindLabel(s.kind)}</td>
                <td className="small">
                  <div className="mono">{s.baseUrl}</div>
                  <div>{s.defaultModel}{s.azureDeployment ? ` · deployment ${s.azureDeployment} (${s.azureApiVersion})` : ''}</div>
                </td>
                <td className="mono">{s.apiKeyLast4 ? `••••${s.apiKeyLast4}` : <span className="muted">none</span>}</td>
                <td>
                  {s.active && <span className="badge badge-running" data-testid="active">active</span>}
                  {s.fallback && <span className="badge" data-testid="fallback">fallback</span>}
                </td>
                <td className="small" data-testid="last-test">
                  {s.lastTest ? <span className={s.lastTest.succeeded ? '' : 'error'}>{describeTest(s.lastTest)}</span>
                    : <span className="muted">not tested</span>}
                  {notes[s.aiServiceId]?.text && (
                    <div role={notes[s.aiServiceId].ok ? 'status' : 'alert'} data-testid="note"
                      className={notes[s.aiServiceId].ok ? '' : 'error'}>{notes[s.aiServiceId].text}</div>
                  )}
                </td>
                <td className="actions">
                  {busy[s.aiServiceId] ? <span aria-live="polite">{busy[s.aiServiceId]}…</span> : (
                    <>
                      <button onClick={() => void act(s, 'Testing', () => testAiService(s.aiServiceId),
                        (xs) => xs.some((x) => x.aiServiceId === s.aiServiceId && x.lastTest?.at !== s.lastTest?.at),
                        (r) => ({ ok: (r as ConnectionTest).succeeded, text: describeTest(r as ConnectionTest) }))}>
                        Test
                      </button>
                      {!s.active && (
                        <button onClick={() => void act(s, 'Activating', () => setActiveAiService(s.aiServiceId),
                          (xs) => xs.some((x) => x.aiServiceId === s.aiServiceId && x.active))}>Set active</button>
                      )}
                      {!s.active && !s.fallback && (
                        <button onClick={() => void act(s, 'Saving', () => setFallbackAiService(s.aiServiceId),
                          (xs) => xs.some((x) => x.aiServiceId === s.aiServiceId && x.fallback))}>Set fallback</button>
                      )}
                      {s.fallback && (
                        <button onClick={() => void act(s, 'Saving', () => setFallbackAiService(null),
                          (xs) => !xs.some((x) => x.fallback))}>Clear fallback</button>
                      )}
                      <button onClick={() => setEditing(s)}>Edit</button>
                      <button className="danger" onClick={() => {
                        if (window.confirm(`Remove AI service "${s.name}"?`)) {
                          void act(s, 'Removing', () => removeAiService(s.aiServiceId),
                            (xs) => !xs.some((x) => x.aiServiceId === s.aiServiceId));
                        }
                      }}>Remove</button>
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

function ServiceForm({ editing, onCancel, onSaved }: {
  editing: AiService | null; onCancel: () => void; onSaved: (id: string) => Promise<void>;
}) {
  const [f, setF] = useState<AiServiceForm>(editing ? formOf(editing) : emptyForm());
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = formErrors(f, editing);
  const set = (k: keyof AiServiceForm) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const placeholder = KINDS.find((k) => k.kind === f.kind)?.baseUrl;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(errors).length) return;
    setSaving(true);
    setError(null);
    try {
      const body = requestBody(f, editing);
      if (editing) {
        if (Object.keys(body).length) await updateAiService(editing.aiServiceId, body);
        await onSaved(editing.aiServiceId);
      } else {
        const r = await addAiService(body);
        await onSaved(r.aiServiceId);
      }
    } catch (err) {
      setError(explain(err));
    } finally {
      setSaving(false);
    }
  };

  const field = (k: keyof AiServiceForm, label: string, input: React.ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={`svc-${k}`}>{label}</label>
      {input}
      {hint && <span className="muted small">{hint}</span>}
      {touched && errors[k] && <span className="error small" id={`svc-${k}-err`}>{errors[k]}</span>}
    </div>
  );
  const text = (k: keyof AiServiceForm, type = 'text', extra: Record<string, unknown> = {}) => (
    <input id={`svc-${k}`} name={k} type={type} value={f[k]} onChange={set(k)} aria-invalid={touched && !!errors[k]}
      aria-describedby={touched && errors[k] ? `svc-${k}-err` : undefined} {...extra} />
  );

  return (
    <form className="admin-form card" onSubmit={(e) => void submit(e)} aria-label={editing ? `Edit ${editing.name}` : 'Add AI service'}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h2>{editing ? `Edit “${editing.name}”` : 'Add an AI service'}</h2>
      <div className="grid">
        {field('name', 'Name', text('name', 'text', { autoFocus: true, maxLength: 64 }))}
        {field('kind', 'Kind', (
          <select id="svc-kind" name="kind" value={f.kind}
            onChange={(e) => setF({ ...f, kind: e.target.value as AiServiceForm['kind'],
              azureApiVersion: e.target.value === 'AZURE_OPENAI' && !f.azureApiVersion ? '2024-10-21' : f.azureApiVersion })}>
            {KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
          </select>
        ))}
        {field('baseUrl', 'Base URL', text('baseUrl', 'url', { placeholder }))}
        {field('apiKey', 'API key', text('apiKey', 'password', { autoComplete: 'off',
          placeholder: editing?.apiKeyLast4 ? `stored key ends in ${editing.apiKeyLast4}` : '' }),
        editing?.apiKeyLast4 ? 'Leave empty to keep the stored key.' : undefined)}
        {field('defaultModel', 'Default model', text('defaultModel', 'text', { placeholder: 'gpt-4o-mini' }))}
        {f.kind === 'AZURE_OPENAI' && field('azureDeployment', 'Azure deployment', text('azureDeployment'))}
        {f.kind === 'AZURE_OPENAI' && field('azureApiVersion', 'Azure API version', text('azureApiVersion'))}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={saving}>{saving ? 'Saving…' : editing ? 'Save' : 'Add service'}</button>
      </div>
    </form>
  );
}
