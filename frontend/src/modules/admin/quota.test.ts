import { describe, expect, it } from 'vitest';
import { Workspace } from '../../api/workspaces';
import { quotaUse } from './quota';

const ws = (status: Workspace['status'], nanoCpus: number, memoryMiB: number): Workspace => ({
  id: status + nanoCpus, tenantId: 't', name: 'w', stackId: 'busybox', status,
  limits: { memoryBytes: memoryMiB * 1048576, swapBytes: 0, nanoCpus, pids: 64 },
});

describe('quota use', () => {
  it('counts running and starting workspaces with the CPUs and memory they hold', () => {
    expect(quotaUse([ws('RUNNING', 500_000_000, 64), ws('PROVISIONING', 1_000_000_000, 512),
      ws('STOPPED', 2_000_000_000, 1024), ws('FAILED', 1_000_000_000, 64)]))
      .toEqual({ running: 2, cpus: 1.5, memoryMiB: 576 });
  });
  it('is zero without workspaces', () => {
    expect(quotaUse([])).toEqual({ running: 0, cpus: 0, memoryMiB: 0 });
  });
});
