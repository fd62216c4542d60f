import { describe, expect, it } from 'vitest';
import { auditExportUrl, auditFilterErrors, auditListUrl, EMPTY_AUDIT_FILTER, localToInstant } from './auditQuery';

describe('audit filter to query', () => {
  it('leaves out blank fields and asks for the first page', () => {
    expect(auditListUrl(EMPTY_AUDIT_FILTER, 50)).toBe('/api/v1/audit?limit=50');
  });
  it('maps every field to the API parameter, trimmed, outcome upper case, times as UTC instants', () => {
    const f = { actor: ' alice ', action: 'POST /api/v1/workspaces/{id}/start', resourceType: 'workspaces',
      resourceId: 'ws-1', outcome: 'denied', from: '2026-12-07T10:00', to: '2026-12-07T11:30' };
    const q = new URL('http://x' + auditListUrl(f, 20, 'c1')).searchParams;
    expect(q.get('actor')).toBe('alice');
    expect(q.get('action')).toBe('POST /api/v1/workspaces/{id}/start');
    expect(q.get('resourceType')).toBe('workspaces');
    expect(q.get('resourceId')).toBe('ws-1');
    expect(q.get('outcome')).toBe('DENIED');
    expect(q.get('from')).toBe(new Date('2026-12-07T10:00').toISOString());
    expect(q.get('to')).toBe(new Date('2026-12-07T11:30').toISOString());
    expect(q.get('limit')).toBe('20');
    expect(q.get('cursor')).toBe('c1');
  });
  it('exports the same filter without paging', () => {
    const url = auditExportUrl({ ...EMPTY_AUDIT_FILTER, actor: 'bob' }, 'csv');
    expect(url).toBe('/api/v1/audit/export?actor=bob&format=csv');
    expect(url).not.toContain('cursor');
  });
  it('tells a reversed or invalid time range before asking', () => {
    expect(auditFilterErrors({ ...EMPTY_AUDIT_FILTER, from: '2026-12-07T11:00', to: '2026-12-07T10:00' }).to).toBeTruthy();
    expect(auditFilterErrors({ ...EMPTY_AUDIT_FILTER, from: 'nonsense' }).from).toBeTruthy();
    expect(localToInstant('')).toBeNull();
  });
});
