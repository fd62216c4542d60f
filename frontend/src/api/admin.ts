import { api, apiJson } from './http';
import { Workspace } from './workspaces';
import { IdleTimeout, IdleTimeoutBody } from '../modules/admin/idleTimeoutForm';

// ---- AI services (org admins) ----
export type AiServiceKind = 'OPENAI' | 'AZURE_OPENAI' | 'LM_STUDIO' | 'CUSTOM';

export interface AiService {
  aiServiceId: string;
  name: string;
  kind: AiServiceKind;
  baseUrl: string;
  apiKeyLast4: string | null;
  defaultModel: string;
  azureDeployment: string | null;
  azureApiVersion: string | null;
  active: boolean;
  fallback: boolean;
  lastTest: { succeeded: boolean; latencyMillis: number; error: string | null; at: string } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface AiServiceInput {
  name?: string;
  kind?: AiServiceKind;
  baseUrl?: string;
  apiKey?: string;
  defaultModel?: string;
  azureDeployment?: string;
  azureApiVersion?: string;
}

export interface ConnectionTest {
  succeeded: boolean;
  latencyMillis: number;
  error: string | null;
}

export const listAiServices = () => apiJson<{ items: AiService[] }>('/api/v1/ai-services');
export const addAiService = (body: AiServiceInput) =>
  apiJson<{ aiServiceId: string; apiKeyLast4: string | null }>('/api/v1/ai-services', { method: 'POST', body });
export const updateAiService = (id: string, body: AiServiceInput) =>
  apiJson<void>(`/api/v1/ai-services/${id}`, { method: 'PATCH', body });
export const removeAiService = (id: string) => apiJson<void>(`/api/v1/ai-services/${id}`, { method: 'DELETE' });
export const testAiService = (id: string) =>
  apiJson<ConnectionTest>(`/api/v1/ai-services/${id}/test`, { method: 'POST' });
export const setActiveAiService = (aiServiceId: string) =>
  apiJson<void>('/api/v1/ai-services/active', { method: 'PUT', body: { aiServiceId } });
export const setFallbackAiService = (aiServiceId: string | null) =>
  apiJson<void>('/api/v1/ai-services/fallback', { method: 'PUT', body: { aiServiceId } });

// ---- integration credentials (org admins): Kafka logins for the tenant's integrations ----
export interface IntegrationCredential {
  id: string;
  name: string;
  status: 'ACTIVE' | 'REVOKED';
  principal: string;
  /** only in the answer to create and rotate */
  secret?: string;
  bootstrapServers: string;
  securityProtocol: string;
  saslMechanism: string;
  topicPrefix: string;
  groupPrefix: string;
  quotas: { consumerByteRate: number; requestPercentage: number };
  createdAt: string;
  createdBy: string;
  rotatedAt: string | null;
  revokedAt: string | null;
}

export const listIntegrationCredentials = () =>
  apiJson<{ items: IntegrationCredential[] }>('/api/v1/integrations/credentials');
export const createIntegrationCredential = (name: string) =>
  apiJson<IntegrationCredential>('/api/v1/integrations/credentials', { method: 'POST', body: { name } });
export const rotateIntegrationCredential = (id: string) =>
  apiJson<IntegrationCredential>(`/api/v1/integrations/credentials/${id}/rotate`, { method: 'POST' });
export const revokeIntegrationCredential = (id: string) =>
  apiJson<void>(`/api/v1/integrations/credentials/${id}`, { method: 'DELETE' });

// ---- members' workspaces (org admins see every workspace of the tenant) ----
export async function listAllWorkspaces(): Promise<Workspace[]> {
  const all: Workspace[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: { items: Workspace[]; nextCursor: string | null } =
      await apiJson(`/api/v1/workspaces?limit=200${q}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && all.length < 5000);
  return all;
}

// ---- audit (org admins, auditors) ----
export interface AuditRecord {
  id: string;
  tenantId: string;
  seq: number;
  time: string;
  actor: { subject: string | null; name: string | null; type: string } | null;
  clientIp: string | null;
  userAgent: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: string;
  status: number;
  requestId: string | null;
  detail: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  items: AuditRecord[];
  nextCursor: string | null;
}

export interface AuditVerification {
  intact: boolean;
  records: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

export const fetchAuditPage = (url: string, signal?: AbortSignal) => apiJson<AuditPage>(url, { signal });
export const verifyAudit = () => apiJson<AuditVerification>('/api/v1/audit/verify');

// ---- usage (org admins, auditors) ----
export type UsageGroup = 'day' | 'user' | 'model';

/** One row as the API returns it; extra numeric fields (container metering) are kept as they come. */
export interface UsageRow {
  key: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  failed: number;
  [extra: string]: string | number | null | undefined;
}

export interface UsageReport {
  rows: UsageRow[];
  from: string;
  to: string;
  groupBy: UsageGroup;
}

export function usageUrl(groupBy: UsageGroup, from: string, to: string, format: 'json' | 'csv' = 'json'): string {
  const p = new URLSearchParams({ groupBy });
  if (from) p.set('from', from);
  if (to) p.set('to', to);
  if (format === 'csv') p.set('format', 'csv');
  return '/api/v1/usage?' + p.toString();
}

export const fetchUsage = (groupBy: UsageGroup, from: string, to: string) =>
  apiJson<UsageReport>(usageUrl(groupBy, from, to));

// ---- tenants (platform operators) ----
export interface LimitsInput {
  memoryMiB: number;
  swapMiB: number;
  cpus: number;
  pids: number;
}

export interface QuotasInput {
  maxRunningWorkspaces: number;
  defaultLimits: LimitsInput;
  maxLimits: LimitsInput;
}

export interface RateLimits {
  tenantRequestsPerMinute?: number;
  userRequestsPerMinute?: number;
  tenantAiTokensPerMinute?: number;
  userAiTokensPerMinute?: number;
}

export interface IdentityProvider {
  tenantId: string;
  issuer: string;
  audiences: string[];
  roleClaim: string;
  roleMapping: Record<string, string>;
  rateLimits?: RateLimits;
  updatedAt?: string;
}

export interface IdentityProviderInput {
  issuer: string;
  audiences: string[];
  roleClaim: string;
  roleMapping: Record<string, string>;
  rateLimits?: RateLimits;
}

export const listTenants = () => apiJson<{ items: IdentityProvider[] }>('/api/v1/tenants');
export const getIdentityProvider = (id: string) =>
  apiJson<IdentityProvider>(`/api/v1/tenants/${encodeURIComponent(id)}/identity-provider`);
export const createTenant = (body: { id: string; name: string; quotas: QuotasInput }) =>
  apiJson<{ id: string }>('/api/v1/tenants', { method: 'POST', body });
export const putIdentityProvider = (id: string, body: IdentityProviderInput) =>
  apiJson<IdentityProvider>(`/api/v1/tenants/${encodeURIComponent(id)}/identity-provider`, { method: 'PUT', body });
export const putQuotas = (id: string, body: QuotasInput) =>
  apiJson<void>(`/api/v1/tenants/${encodeURIComponent(id)}/quotas`, { method: 'PUT', body });

// ---- downloads ----
/** Fetches an export with the bearer token and hands it to the browser as a file (no token in a URL). */
export async function download(url: string, filename: string): Promise<Blob> {
  const res = await api(url);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return blob;
}

// ---- settings (org admins): the tenant's limits, read-only, and its idle auto-stop timeout ----
export interface BucketLimit {
  perMinute: number;
  capacity: number;
  refillPerMinute: number;
  platformDefault: number;
  overridden: boolean;
}

export interface TenantLimits {
  tenantId: string;
  enforced: boolean;
  registered: boolean;
  requests: { tenant: BucketLimit; user: BucketLimit };
  aiTokens: { tenant: BucketLimit; user: BucketLimit };
  changeableBy: string;
}

export const fetchTenantLimits = () => apiJson<TenantLimits>('/api/v1/tenant/limits');
export const fetchCaller = () => apiJson<{ tenantId: string | null; subject: string; roles: string[] }>('/api/v1/me');
export const getIdleTimeout = (tenantId: string) =>
  apiJson<IdleTimeout>(`/api/v1/tenants/${encodeURIComponent(tenantId)}/idle-timeout`);
export const putIdleTimeout = (tenantId: string, body: IdleTimeoutBody) =>
  apiJson<IdleTimeout>(`/api/v1/tenants/${encodeURIComponent(tenantId)}/idle-timeout`, { method: 'PUT', body });

// ---- the tenant's quotas and use (query-side tenant view) ----
export interface TenantLimitsView {
  memoryBytes: number;
  swapBytes: number;
  nanoCpus: number;
  pids: number;
}

export interface TenantView {
  tenantId: string;
  name: string;
  quotas: { maxRunningWorkspaces: number; defaultLimits: TenantLimitsView; maxLimits: TenantLimitsView };
  /** null: idle auto-stop is disabled */
  idleTimeoutSeconds: number | null;
  /** PROVISIONING or RUNNING workspaces of the tenant and the CPU and memory they hold */
  usage: { runningWorkspaces: number; nanoCpus: number; memoryBytes: number };
  version: number;
}

/** The caller's own tenant (org admins, developers, auditors). */
export const getOwnTenant = () => apiJson<TenantView>('/api/v1/tenant');
/** Any tenant, for platform operators. */
export const getTenant = (id: string) => apiJson<TenantView>(`/api/v1/tenants/${encodeURIComponent(id)}`);
