import { describe, expect, it } from 'vitest';
import { Workspace } from '../../api/workspaces';
import { TenantView } from '../../api/admin';
import { createBounds, quotaGauges, quotaUse, validateCreate } from './quota';
import { quotaFormOf, quotasBody } from './tenantForm';

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

const MIB = 1048576;
const QUOTAS: TenantView['quotas'] = {
  maxRunningWorkspaces: 3,
  defaultLimits: { memoryBytes: 256 * MIB, swapBytes: 0, nanoCpus: 500_000_000, pids: 128 },
  maxLimits: { memoryBytes: 2048 * MIB, swapBytes: 512 * MIB, nanoCpus: 2_000_000_000, pids: 1024 },
};

describe('quota gauges', () => {
  it('sets running workspaces, CPUs and memory against the limits', () => {
    const g = quotaGauges({ running: 2, cpus: 1.5, memoryMiB: 576 }, QUOTAS);
    expect(g.map((x) => [x.key, x.used, x.limit, x.percent, x.over])).toEqual([
      ['running', 2, 3, 67, false], ['cpus', 1.5, 6, 25, false], ['memory', 576, 6144, 9, false],
    ]);
  });
  it('flags use over the limit and caps the bar at 100', () => {
    const g = quotaGauges({ running: 4, cpus: 0, memoryMiB: 0 }, QUOTAS);
    expect(g[0]).toMatchObject({ percent: 100, over: true });
    expect(quotaGauges({ running: 1, cpus: 0, memoryMiB: 0 }, { ...QUOTAS, maxRunningWorkspaces: 0 })[0])
      .toMatchObject({ limit: 0, percent: 100, over: true });
  });
  it('has no limits while the quotas are unknown', () => {
    expect(quotaGauges({ running: 1, cpus: 1, memoryMiB: 64 }, null).every((x) => x.limit === null && x.percent === null))
      .toBe(true);
  });
});

describe('create form against the tenant maximum', () => {
  it('derives the bounds in MiB and CPUs', () => {
    expect(createBounds(QUOTAS)).toEqual({ memoryMiB: 2048, cpus: 2 });
    expect(createBounds(null)).toBeNull();
  });
  it('refuses more than the maximum and accepts the maximum itself', () => {
    const b = createBounds(QUOTAS);
    expect(validateCreate({ memoryMiB: 2048, cpus: 2 }, b)).toEqual({});
    expect(validateCreate({ memoryMiB: 2049, cpus: 2.25 }, b)).toEqual({
      memory: 'at most 2048 MiB (your organization’s maximum)', cpus: 'at most 2 CPUs (your organization’s maximum)',
    });
  });
  it('checks only the platform minimum without bounds', () => {
    expect(validateCreate({ memoryMiB: 99999, cpus: 64 }, null)).toEqual({});
    expect(validateCreate({ memoryMiB: 0, cpus: Number.NaN }, null)).toEqual({ memory: 'at least 6 MiB', cpus: 'at least 0.01' });
  });
});

describe('tenant edit pre-fill', () => {
  it('turns the tenant view into the quota form and back into the same body', () => {
    const form = quotaFormOf(QUOTAS);
    expect(form.maxLimits).toEqual({ memoryMiB: '2048', swapMiB: '512', cpus: '2', pids: '1024' });
    expect(quotasBody(form)).toEqual({ body: {
      maxRunningWorkspaces: 3,
      defaultLimits: { memoryMiB: 256, swapMiB: 0, cpus: 0.5, pids: 128 },
      maxLimits: { memoryMiB: 2048, swapMiB: 512, cpus: 2, pids: 1024 },
    } });
  });
});
