import { describe, expect, it } from 'vitest';
import { AuditRecord } from '../../api/admin';
import { AUDIT_CSV_HEADER, auditCsvCells } from './auditCsv';
import { csvRecords, parseCsv, toCsv } from './csv';

const record: AuditRecord = {
  id: '7f0c', tenantId: 'acme', seq: 3, time: '2026-12-07T13:00:00.123456Z',
  actor: { subject: 'alice', name: 'Alice, "A"', type: 'USER' }, clientIp: '127.0.0.1', userAgent: '=cmd()',
  action: 'POST /api/v1/workspaces/{id}/ai/command/{id}/run', resourceType: 'workspaces', resourceId: 'w1',
  outcome: 'ALLOWED', status: 200, requestId: 'r1', detail: { command: 'ls -l, "x"', exitCode: 0 },
  prevHash: '0'.repeat(64), hash: 'ab'.repeat(32),
};

describe('CSV parity with the API', () => {
  it('reads RFC 4180 quoting, doubled quotes, CRLF and embedded line breaks', () => {
    expect(parseCsv('a,b\r\n"x, y","he said ""hi"""\r\n"multi\nline",\r\n')).toEqual([
      ['a', 'b'], ['x, y', 'he said "hi"'], ['multi\nline', ''],
    ]);
  });
  it('an audit item and its export row agree cell by cell, formula defusing and detail JSON included', () => {
    // as the gateway writes it (AuditCsv): the user agent starting with "=" gets a leading quote
    const exported = toCsv(AUDIT_CSV_HEADER, [auditCsvCells(record)]);
    const [row] = csvRecords(exported);
    expect(row.actorName).toBe('Alice, "A"');
    expect(row.userAgent).toBe("'=cmd()");
    expect(row.detail).toBe('{"command":"ls -l, \\"x\\"","exitCode":0}');
    expect(Object.values(row)).toEqual(auditCsvCells(record));
    expect(exported).toContain('"{""command"":""ls -l, \\""x\\"""",""exitCode"":0}"');
  });
  it('writes empty cells for nulls', () => {
    const cells = auditCsvCells({ ...record, detail: null, actor: { subject: null, name: null, type: 'ANONYMOUS' } });
    expect(cells[4]).toBe('');
    expect(cells[17]).toBe('');
  });
});
