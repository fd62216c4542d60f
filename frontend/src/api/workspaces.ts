import { apiJson } from './http';

export type WorkspaceStatus = 'PROVISIONING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'FAILED' | 'DELETING' | 'DELETED' | 'CRASHED' | 'LOST';

/** A workspace as query-side shows it (GET /api/v1/workspaces/{id}, and each status event). */
export interface Workspace {
  id: string;
  tenantId: string;
  name: string;
  stackId: string;
  image?: string;
  status: WorkspaceStatus;
  failureReason?: string | null;
  limits?: { memoryBytes: number; swapBytes: number; nanoCpus: number; pids: number } | null;
  owner?: { subject: string; name?: string } | null;
  nodeId?: string | null;
  createdAt?: string;
  updatedAt?: string;
  version?: number;
}

export interface CreateWorkspace {
  name: string;
  stackId: string;
  limits?: { memoryMiB?: number; cpus?: number };
}

export const TRANSITIONAL: WorkspaceStatus[] = ['PROVISIONING', 'STOPPING', 'DELETING'];

export const listWorkspaces = () =>
  apiJson<{ items: Workspace[]; nextCursor: string | null }>('/api/v1/workspaces?limit=200');
export const getWorkspace = (id: string) => apiJson<Workspace>(`/api/v1/workspaces/${id}`);
export const createWorkspace = (body: CreateWorkspace) =>
  apiJson<{ workspaceId: string; status: WorkspaceStatus }>('/api/v1/workspaces', { method: 'POST', body });
export const startWorkspace = (id: string) => apiJson<unknown>(`/api/v1/workspaces/${id}/start`, { method: 'POST' });
export const stopWorkspace = (id: string) => apiJson<unknown>(`/api/v1/workspaces/${id}/stop`, { method: 'POST' });
export const deleteWorkspace = (id: string) => apiJson<unknown>(`/api/v1/workspaces/${id}`, { method: 'DELETE' });

/** Newer wins: a status event older than what the list shows (by version) is ignored. */
export function mergeWorkspace(list: Workspace[], w: Workspace): Workspace[] {
  const i = list.findIndex((x) => x.id === w.id);
  if (i === -1) return w.status === 'DELETED' ? list : [w, ...list];
  const old = list[i];
  if (old.version !== undefined && w.version !== undefined && w.version < old.version) return list;
  if (w.status === 'DELETED') return list.filter((x) => x.id !== w.id);
  const next = list.slice();
  next[i] = { ...old, ...w };
  return next;
}
