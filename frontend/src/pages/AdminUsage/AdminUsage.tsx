import { FormEvent, useMemo, useState } from 'react';
import { download, fetchUsage, UsageGroup, usageUrl } from '../../api/admin';
import { defaultUsageRange, extraColumns, totals, usageQueryRange } from '../../modules/admin/usageRange';
import { explain, States, useLoad } from '../../modules/admin/ui';
import { UsageChart } from './UsageChart';

const GROUPS: { group: UsageGroup; label: string }[] = [
  { group: 'day', label: 'Per day' }, { group: 'user', label: 'Per user' }, { group: 'model', label: 'Per model' },
];
const BASE = ['requests', 'promptTokens', 'completionTokens', 'failed'];
const LABELS: Record<string, string> = {
  requests: 'Requests', promptTokens: 'Prompt tokens', completionTokens: 'Completion tokens', failed: 'Failed',
};

/** Org admins and auditors: AI tokens and requests per day, user or model, as charts and a table with failures. */
export function AdminUsage() {
  const initial = defaultUsageRange();
  const [group, setGroup] = useState<UsageGroup>('day');
  const [draft, setDraft] = useState(initial);
  const [range, setRange] = useState(() => usageQueryRange(initial.from, initial.to) as { from: string; to: string });
  const [formError, setFormError] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const report = useLoad(() => fetchUsage(group, range.from, range.to), [group, range.from, range.to]);
  const rows = report.data?.rows ?? [];
  const extra = useMemo(() => extraColumns(rows), [rows]);
  const columns = [...BASE, ...extra];
  const sum = totals(rows, columns);
  const categories = useMemo(() => rows.map((r) => r.key || '(none)'), [rows]);
  const tokenSeries = useMemo(() => [
    { label: 'Prompt tokens', values: rows.map((r) => r.promptTokens), color: '#3b6fd8' },
    { label: 'Completion tokens', values: rows.map((r) => r.completionTokens), color: '#2f9e6e' },
  ], [rows]);
  const requestSeries = useMemo(() => [
    { label: 'Requests', values: rows.map((r) => r.requests), color: '#7a5bd0' },
    { label: 'Failed', values: rows.map((r) => r.failed), color: '#d04a4a' },
  ], [rows]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const r = usageQueryRange(draft.from, draft.to);
    if ('error' in r) {
      setFormError(r.error);
      return;
    }
    setFormError(null);
    setRange(r);
  };

  return (
    <main className="page admin">
      <div className="page-head"><h1>Usage</h1></div>
      <form className="filters" onSubmit={apply} aria-label="Usage report range">
        <div className="field" role="radiogroup" aria-label="Group by">
          <span className="label">Group by</span>
          <div className="segmented">
            {GROUPS.map((g) => (
              <button key={g.group} type="button" role="radio" aria-checked={group === g.group}
                className={group === g.group ? 'primary' : ''} onClick={() => setGroup(g.group)}>{g.label}</button>
            ))}
          </div>
        </div>
        <div className="field">
          <label htmlFor="uf-from">From (UTC day)</label>
          <input id="uf-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="uf-to">To (UTC day, included)</label>
          <input id="uf-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <div className="filter-actions">
          <button type="submit" className="primary">Apply</button>
          <button type="button" onClick={() => {
            setExportError(null);
            download(usageUrl(group, range.from, range.to, 'csv'), `usage-by-${group}.csv`).catch((e) => setExportError(explain(e)));
          }}>Export CSV</button>
        </div>
        {formError && <p role="alert" className="error small">{formError}</p>}
      </form>
      {exportError && <p role="alert" className="error">{exportError}</p>}
      <States loading={report.loading} error={report.error} empty={rows.length === 0}
        emptyText="No AI requests in this range.">
        <div className="charts">
          <UsageChart title="AI tokens" categories={categories} series={tokenSeries} />
          <UsageChart title="Requests and failures" categories={categories} series={requestSeries} />
        </div>
        <table className="admin-table numbers" aria-label="Usage" data-testid="usage-table">
          <thead>
            <tr><th>{GROUPS.find((g) => g.group === group)?.label.replace('Per ', '')}</th>
              {columns.map((c) => <th key={c}>{LABELS[c] ?? c}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid={`usage-${r.key}`}>
                <td>{r.key || <span className="muted">(none)</span>}</td>
                {columns.map((c) => <td key={c} data-col={c} className={c === 'failed' && r.failed ? 'error' : ''}>{r[c] ?? ''}</td>)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th>Total</th>{columns.map((c) => <th key={c} data-col={c}>{sum[c]}</th>)}</tr>
          </tfoot>
        </table>
        <p className="muted small">
          {report.data && `From ${report.data.from} until ${report.data.to} (exclusive), as the API reports them. `}
          Failed counts failed and refused requests. Container time appears here once the platform meters it.
        </p>
      </States>
    </main>
  );
}
