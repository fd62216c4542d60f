import { FormEvent, useCallback, useEffect, useState } from 'react';
import { AuditRecord, AuditVerification, download, fetchAuditPage, verifyAudit } from '../../api/admin';
import {
  AuditFilter, auditExportUrl, auditFilterErrors, auditListUrl, EMPTY_AUDIT_FILTER,
} from '../../modules/admin/auditQuery';
import { explain, useLoad } from '../../modules/admin/ui';

const PAGE = 50;

/** Auditors and org admins: the tenant's hash-chained audit trail, filtered, paged, exported and verified. */
export function AdminAudit() {
  const [draft, setDraft] = useState<AuditFilter>(EMPTY_AUDIT_FILTER);
  const [filter, setFilter] = useState<AuditFilter>(EMPTY_AUDIT_FILTER);
  const [items, setItems] = useState<AuditRecord[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<AuditRecord | null>(null);
  const [exporting, setExporting] = useState('');
  const verify = useLoad(verifyAudit);
  const errors = auditFilterErrors(draft);

  const load = useCallback(async (f: AuditFilter, cursor: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await fetchAuditPage(auditListUrl(f, PAGE, cursor));
      setItems((old) => (cursor && old ? [...old, ...page.items] : page.items));
      setNext(page.nextCursor);
    } catch (e) {
      setError(explain(e));
      if (!cursor) setItems(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(filter, null);
  }, [filter, load]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(errors).length) return;
    setSelected(null);
    setFilter({ ...draft });
  };

  const exportAs = async (format: 'csv' | 'json') => {
    setExporting(format);
    try {
      await download(auditExportUrl(filter, format), `audit.${format}`);
    } catch (e) {
      setError(explain(e));
    } finally {
      setExporting('');
    }
  };

  const input = (k: keyof AuditFilter, label: string, type = 'text', placeholder = '') => (
    <div className="field">
      <label htmlFor={`af-${k}`}>{label}</label>
      <input id={`af-${k}`} name={k} type={type} value={draft[k]} placeholder={placeholder}
        onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} aria-invalid={!!errors[k]} />
      {errors[k] && <span className="error small">{errors[k]}</span>}
    </div>
  );

  return (
    <main className="page admin">
      <div className="page-head"><h1>Audit trail</h1></div>
      <Verification v={verify.data} error={verify.error} loading={verify.loading} onRecheck={() => void verify.reload()}
        onShow={(seq) => void findRecord(seq).then((r) => (r ? setSelected(r) : setError(`Record #${seq} was not found.`)))
          .catch((e) => setError(explain(e)))} />
      <form className="filters" onSubmit={apply} aria-label="Filter the audit trail">
        {input('actor', 'Actor (subject)', 'text', 'alice')}
        {input('action', 'Action', 'text', 'POST /api/v1/workspaces/{id}/start')}
        {input('resourceType', 'Resource type', 'text', 'workspaces')}
        {input('resourceId', 'Resource id')}
        <div className="field">
          <label htmlFor="af-outcome">Outcome</label>
          <select id="af-outcome" name="outcome" value={draft.outcome}
            onChange={(e) => setDraft({ ...draft, outcome: e.target.value })}>
            <option value="">any</option>
            <option value="ALLOWED">allowed</option>
            <option value="DENIED">denied</option>
            <option value="FAILED">failed</option>
          </select>
        </div>
        {input('from', 'From', 'datetime-local')}
        {input('to', 'Until (exclusive)', 'datetime-local')}
        <div className="filter-actions">
          <button type="submit" className="primary">Apply</button>
          <button type="button" onClick={() => { setDraft(EMPTY_AUDIT_FILTER); setFilter(EMPTY_AUDIT_FILTER); }}>Clear</button>
          <button type="button" onClick={() => void exportAs('csv')} disabled={!!exporting}>
            {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
          </button>
          <button type="button" onClick={() => void exportAs('json')} disabled={!!exporting}>
            {exporting === 'json' ? 'Exporting…' : 'Export JSON'}
          </button>
        </div>
      </form>
      {error && <p role="alert" className="error" data-testid="load-error">{error}</p>}
      {items === null && !error && <p aria-live="polite" data-testid="loading">Loading…</p>}
      {items?.length === 0 && <p className="empty" data-testid="empty">No audit record matches this filter.</p>}
      <div className="audit-split">
        {items && items.length > 0 && (
          <div className="audit-list">
            <table className="admin-table" aria-label="Audit records">
              <thead>
                <tr><th>#</th><th>Time (UTC)</th><th>Actor</th><th>Action</th><th>Outcome</th></tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id} data-testid="audit-row" data-seq={r.seq}
                    className={`${selected?.id === r.id ? 'selected' : ''} ${brokenFrom(verify.data, r.seq) ? 'broken' : ''}`}>
                    <td className="mono small">{r.seq}</td>
                    <td className="mono small">{r.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</td>
                    <td>{r.actor?.subject ?? <span className="muted">anonymous</span>}</td>
                    <td>
                      <button className="linkish" onClick={() => setSelected(r)} aria-label={`Details of record ${r.seq}`}>
                        {r.action}
                      </button>
                    </td>
                    <td><span className={`badge outcome-${r.outcome.toLowerCase()}`}>{r.outcome}</span> {r.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {next && (
              <button onClick={() => void load(filter, next)} disabled={loading} data-testid="more">
                {loading ? 'Loading…' : 'Load older records'}
              </button>
            )}
          </div>
        )}
        {selected && <Details r={selected} onClose={() => setSelected(null)} />}
      </div>
    </main>
  );
}

const brokenFrom = (v: AuditVerification | null, seq: number) => !!v && !v.intact && v.firstBrokenSeq !== null && seq >= v.firstBrokenSeq;

/** Pages through the whole trail (newest first) to the record with this sequence number. */
async function findRecord(seq: number): Promise<AuditRecord | null> {
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) {
    const page = await fetchAuditPage(auditListUrl(EMPTY_AUDIT_FILTER, 500, cursor));
    const hit = page.items.find((r) => r.seq === seq);
    if (hit) return hit;
    if (!page.nextCursor || page.items.some((r) => r.seq < seq)) return null;
    cursor = page.nextCursor;
  }
  return null;
}

function Verification({ v, error, loading, onRecheck, onShow }: {
  v: AuditVerification | null; error: string | null; loading: boolean; onRecheck: () => void;
  onShow: (seq: number) => void;
}) {
  let body;
  if (error) body = <span className="error">Could not verify the chain: {error}</span>;
  else if (!v) body = <span aria-live="polite">Verifying the chain…</span>;
  else if (v.intact) body = <span><strong>Chain verified</strong>: all {v.records} records are intact.</span>;
  else {
    body = (
      <span>
        <strong>Chain broken</strong> at record #{v.firstBrokenSeq}: {v.reason}. From that record on, the trail cannot be
        trusted.{' '}
        {v.firstBrokenSeq !== null && (
          <button className="linkish" onClick={() => onShow(v.firstBrokenSeq!)}>Show record #{v.firstBrokenSeq}</button>
        )}
      </span>
    );
  }
  const cls = error || (v && !v.intact) ? 'verify verify-broken' : v ? 'verify verify-ok' : 'verify';
  return (
    <section className={cls} role="status" aria-label="Chain verification" data-testid="verify">
      {body}
      <span className="grow" />
      <button onClick={onRecheck} disabled={loading}>{loading ? 'Verifying…' : 'Verify again'}</button>
    </section>
  );
}

function Details({ r, onClose }: { r: AuditRecord; onClose: () => void }) {
  const rows: [string, unknown][] = [
    ['Sequence', r.seq], ['Time', r.time], ['Actor', `${r.actor?.subject ?? '—'} (${r.actor?.name ?? '—'}, ${r.actor?.type ?? '—'})`],
    ['Client IP', r.clientIp], ['User agent', r.userAgent], ['Action', r.action],
    ['Resource', `${r.resourceType ?? '—'} ${r.resourceId ?? ''}`], ['Outcome', `${r.outcome} (${r.status})`],
    ['Request id', r.requestId], ['Record id', r.id], ['Previous hash', r.prevHash], ['Hash', r.hash],
  ];
  return (
    <aside className="audit-details card" aria-label={`Audit record ${r.seq}`} data-testid="details"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="page-head"><h2>Record #{r.seq}</h2><span className="grow" /><button onClick={onClose} autoFocus>Close</button></div>
      <dl>
        {rows.map(([k, v]) => (<div key={k}><dt>{k}</dt><dd className="mono small">{v === null || v === undefined ? '—' : String(v)}</dd></div>))}
      </dl>
      <h3>Detail</h3>
      {r.detail ? <pre className="detail" data-testid="detail">{JSON.stringify(r.detail, null, 2)}</pre>
        : <p className="muted">The answering service added no detail to this request.</p>}
    </aside>
  );
}
