import { describe, expect, it } from 'vitest';
import { mergeWorkspace, Workspace } from './workspaces';

const ws = (id: string, status: Workspace['status'], version: number): Workspace =>
  ({ id, tenantId: 'acme', name: id, stackId: 'busybox', status, version });

describe('mergeWorkspace', () => {
  it('applies a newer status event', () => {
    expect(mergeWorkspace([ws('a', 'PROVISIONING', 3)], ws('a', 'RUNNING', 4))[0].status).toBe('RUNNING');
  });
  it('ignores an event older than the list (replayed after a reconnect)', () => {
    expect(mergeWorkspace([ws('a', 'RUNNING', 4)], ws('a', 'PROVISIONING', 3))[0].status).toBe('RUNNING');
  });
  it('adds a workspace created elsewhere and drops a deleted one', () => {
    const added = mergeWorkspace([ws('a', 'RUNNING', 1)], ws('b', 'STOPPED', 1));
    expect(added.map((w) => w.id)).toEqual(['b', 'a']);
    expect(mergeWorkspace(added, ws('a', 'DELETED', 9)).map((w) => w.id)).toEqual(['b']);
  });
});
