import { Workspace } from '../../api/workspaces';
import { TenantView } from '../../api/admin';

/** What the running workspaces of a tenant hold (the statuses that count against the quota: running and starting). */
export function quotaUse(items: Workspace[]): { running: number; cpus: number; memoryMiB: number } {
  const counted = items.filter((w) => w.status === 'RUNNING' || w.status === 'PROVISIONING');
  const nano = counted.reduce((n, w) => n + (w.limits?.nanoCpus ?? 0), 0);
  const bytes = counted.reduce((n, w) => n + (w.limits?.memoryBytes ?? 0), 0);
  return { running: counted.length, cpus: Math.round(nano / 1e7) / 100, memoryMiB: Math.round(bytes / 1048576) };
}

const MIB = 1048576;

/** One line of "use against limit"; {@code limit} null when the limit is unknown. */
export interface QuotaGauge {
  key: 'running' | 'cpus' | 'memory';
  label: string;
  used: number;
  limit: number | null;
  unit: string;
  /** 0–100, rounded; null without a limit */
  percent: number | null;
  over: boolean;
}

/**
 * Running workspaces, CPUs and memory in use against the tenant's quota. The quota limits only the number of
 * running workspaces; CPU and memory are compared with what that many workspaces at their maximum may hold.
 */
export function quotaGauges(
  use: { running: number; cpus: number; memoryMiB: number },
  quotas: TenantView['quotas'] | null,
): QuotaGauge[] {
  const gauge = (key: QuotaGauge['key'], label: string, used: number, limit: number | null, unit: string): QuotaGauge => ({
    key, label, used, limit, unit,
    percent: limit === null ? null : limit === 0 ? (used > 0 ? 100 : 0) : Math.min(100, Math.round((used / limit) * 100)),
    over: limit !== null && used > limit,
  });
  const n = quotas?.maxRunningWorkspaces ?? null;
  return [
    gauge('running', 'Running workspaces', use.running, n, ''),
    gauge('cpus', 'CPUs', use.cpus, quotas ? Math.round((n! * quotas.maxLimits.nanoCpus) / 1e7) / 100 : null, 'CPU'),
    gauge('memory', 'Memory', use.memoryMiB, quotas ? Math.round((n! * quotas.maxLimits.memoryBytes) / MIB) : null, 'MiB'),
  ];
}

/** The create form's bounds from the tenant's maximum per workspace (MiB and CPUs), or null when unknown. */
export function createBounds(quotas: TenantView['quotas'] | null): { memoryMiB: number; cpus: number } | null {
  if (!quotas) return null;
  return {
    memoryMiB: Math.floor(quotas.maxLimits.memoryBytes / MIB),
    cpus: Math.floor(quotas.maxLimits.nanoCpus / 1e7) / 100,
  };
}

/** Field errors of a create request against the tenant's maximum per workspace; empty when it fits. */
export function validateCreate(
  input: { memoryMiB: number; cpus: number },
  bounds: { memoryMiB: number; cpus: number } | null,
): Record<'memory' | 'cpus', string> | Record<string, never> {
  const errors: Record<string, string> = {};
  if (!Number.isFinite(input.memoryMiB) || input.memoryMiB < 6) errors.memory = 'at least 6 MiB';
  else if (bounds && input.memoryMiB > bounds.memoryMiB) errors.memory = `at most ${bounds.memoryMiB} MiB (your organization’s maximum)`;
  if (!Number.isFinite(input.cpus) || input.cpus < 0.01) errors.cpus = 'at least 0.01';
  else if (bounds && input.cpus > bounds.cpus) errors.cpus = `at most ${bounds.cpus} CPUs (your organization’s maximum)`;
  return errors;
}
