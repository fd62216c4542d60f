import { AuditRecord } from '../../api/admin';
import { csvValue } from './csv';

/** The columns of GET /api/v1/audit/export?format=csv, in order (gateway AuditCsv.HEADER). */
export const AUDIT_CSV_HEADER = ['id', 'seq', 'time', 'tenantId', 'actorSubject', 'actorName', 'actorType',
  'clientIp', 'userAgent', 'action', 'resourceType', 'resourceId', 'outcome', 'status', 'requestId', 'prevHash',
  'hash', 'detail'];

/** An API item as the export's CSV shows it (values before quoting), so both can be compared cell by cell. */
export function auditCsvCells(r: AuditRecord): string[] {
  return [r.id, r.seq, r.time, r.tenantId, r.actor?.subject, r.actor?.name, r.actor?.type, r.clientIp, r.userAgent,
    r.action, r.resourceType, r.resourceId, r.outcome, r.status, r.requestId, r.prevHash, r.hash,
    r.detail ?? null].map(csvValue);
}
