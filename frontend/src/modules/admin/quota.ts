import { Workspace } from '../../api/workspaces';

/** What the running workspaces of a tenant hold (the statuses that count against the quota: running and starting). */
export function quotaUse(items: Workspace[]): { running: number; cpus: number; memoryMiB: number } {
  const counted = items.filter((w) => w.status === 'RUNNING' || w.status === 'PROVISIONING');
  const nano = counted.reduce((n, w) => n + (w.limits?.nanoCpus ?? 0), 0);
  const bytes = counted.reduce((n, w) => n + (w.limits?.memoryBytes ?? 0), 0);
  return { running: counted.length, cpus: Math.round(nano / 1e7) / 100, memoryMiB: Math.round(bytes / 1048576) };
}
