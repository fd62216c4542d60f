/** The audit page's filter form and how it maps onto GET /api/v1/audit (and …/export) query parameters. */
export interface AuditFilter {
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  /** '' (any), ALLOWED, DENIED or FAILED */
  outcome: string;
  /** datetime-local values (the browser's time zone) or '' */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilter = {
  actor: '', action: '', resourceType: '', resourceId: '', outcome: '', from: '', to: '',
};

/** A datetime-local value ("2026-12-07T13:05") as an ISO instant in UTC; '' and unparsable values give null. */
export function localToInstant(local: string): string | null {
  if (!local.trim()) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Query parameters for the filter: blank fields are left out (the API treats a present one as an exact match),
 * values are trimmed, times become ISO instants (from inclusive, to exclusive, as the API reads them).
 */
export function auditParams(f: AuditFilter, extra: Record<string, string | number | null | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  const put = (k: string, v: string | null | undefined) => {
    const t = v?.trim();
    if (t) p.set(k, t);
  };
  put('actor', f.actor);
  put('action', f.action);
  put('resourceType', f.resourceType);
  put('resourceId', f.resourceId);
  put('outcome', f.outcome.toUpperCase());
  put('from', localToInstant(f.from));
  put('to', localToInstant(f.to));
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  return p;
}

export const auditListUrl = (f: AuditFilter, limit: number, cursor?: string | null) =>
  '/api/v1/audit?' + auditParams(f, { limit, cursor }).toString();

export const auditExportUrl = (f: AuditFilter, format: 'csv' | 'json') =>
  '/api/v1/audit/export?' + auditParams(f, { format }).toString();

/** Problems the form can tell before asking the server. */
export function auditFilterErrors(f: AuditFilter): Partial<Record<keyof AuditFilter, string>> {
  const errors: Partial<Record<keyof AuditFilter, string>> = {};
  if (f.from && !localToInstant(f.from)) errors.from = 'not a date and time';
  if (f.to && !localToInstant(f.to)) errors.to = 'not a date and time';
  const from = localToInstant(f.from);
  const to = localToInstant(f.to);
  if (from && to && from >= to) errors.to = 'must be after “from”';
  return errors;
}
