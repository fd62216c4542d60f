import { UsageRow } from '../../api/admin';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The default range: the last 30 UTC days, today included. */
export function defaultUsageRange(now = Date.now()): { from: string; to: string } {
  return { from: iso(now - 29 * DAY), to: iso(now) };
}

/**
 * The page shows an inclusive day range (from … to, UTC days); the API reads `to` as exclusive, so it gets the
 * next day. Invalid or reversed ranges give an error instead.
 */
export function usageQueryRange(from: string, to: string): { from: string; to: string } | { error: string } {
  const f = Date.parse(from + 'T00:00:00Z');
  const t = Date.parse(to + 'T00:00:00Z');
  if (Number.isNaN(f) || Number.isNaN(t)) return { error: 'Pick both days.' };
  if (t < f) return { error: '“To” must not be before “from”.' };
  if (t - f > 365 * DAY) return { error: 'At most 366 days at a time.' };
  return { from: iso(f), to: iso(t + DAY) };
}

/** Numeric columns beyond the AI ones (e.g. container cpuSeconds once metering adds them), in first-seen order. */
export function extraColumns(rows: UsageRow[]): string[] {
  const base = new Set(['key', 'requests', 'promptTokens', 'completionTokens', 'failed']);
  const out: string[] = [];
  for (const r of rows) for (const [k, v] of Object.entries(r)) if (!base.has(k) && typeof v === 'number' && !out.includes(k)) out.push(k);
  return out;
}

/** Totals of the table's numeric columns (sums of the API's numbers, nothing rounded). */
export function totals(rows: UsageRow[], columns: string[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const c of columns) t[c] = rows.reduce((n, r) => n + (typeof r[c] === 'number' ? (r[c] as number) : 0), 0);
  return t;
}
