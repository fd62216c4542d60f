import { IdentityProvider, IdentityProviderInput, LimitsInput, QuotasInput, RateLimits } from '../../api/admin';

export interface QuotaForm {
  maxRunningWorkspaces: string;
  defaultLimits: Record<keyof LimitsInput, string>;
  maxLimits: Record<keyof LimitsInput, string>;
}

export interface IdpForm {
  issuer: string;
  /** comma or space separated */
  audiences: string;
  roleClaim: string;
  /** one "idp-role = PLATFORM_ROLE" per line */
  roleMapping: string;
  rateLimits: Record<keyof RateLimits, string>;
}

export const DEFAULT_QUOTAS: QuotaForm = {
  maxRunningWorkspaces: '3',
  defaultLimits: { memoryMiB: '256', swapMiB: '0', cpus: '0.5', pids: '128' },
  maxLimits: { memoryMiB: '2048', swapMiB: '512', cpus: '2', pids: '1024' },
};

export const EMPTY_IDP: IdpForm = {
  issuer: '', audiences: 'aicockpit', roleClaim: 'roles', roleMapping: '',
  rateLimits: { tenantRequestsPerMinute: '', userRequestsPerMinute: '', tenantAiTokensPerMinute: '', userAiTokensPerMinute: '' },
};

export const TENANT_ID = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;
const ROLES = ['ORG_ADMIN', 'DEVELOPER', 'AUDITOR', 'INTEGRATION'];

export function idpFormOf(p: IdentityProvider): IdpForm {
  const r = p.rateLimits ?? {};
  return {
    issuer: p.issuer,
    audiences: p.audiences.join(', '),
    roleClaim: p.roleClaim,
    roleMapping: Object.entries(p.roleMapping ?? {}).map(([k, v]) => `${k} = ${v}`).join('\n'),
    rateLimits: {
      tenantRequestsPerMinute: String(r.tenantRequestsPerMinute ?? ''), userRequestsPerMinute: String(r.userRequestsPerMinute ?? ''),
      tenantAiTokensPerMinute: String(r.tenantAiTokensPerMinute ?? ''), userAiTokensPerMinute: String(r.userAiTokensPerMinute ?? ''),
    },
  };
}

/** The PUT body, or the field errors that keep it from being sent. */
export function idpBody(f: IdpForm): { body: IdentityProviderInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!/^https?:\/\/\S+$/.test(f.issuer.trim())) errors.issuer = 'an http(s) URL';
  const audiences = f.audiences.split(/[\s,]+/).filter(Boolean);
  if (!audiences.length) errors.audiences = 'at least one';
  const roleMapping: Record<string, string> = {};
  f.roleMapping.split('\n').map((l) => l.trim()).filter(Boolean).forEach((line, i) => {
    const m = /^(.+?)\s*[=:]\s*([A-Z_]+)$/.exec(line);
    if (!m) errors.roleMapping = `line ${i + 1}: write "idp-role = ROLE"`;
    else if (!ROLES.includes(m[2])) errors.roleMapping = `line ${i + 1}: ${m[2]} is not one of ${ROLES.join(', ')}`;
    else roleMapping[m[1].trim()] = m[2];
  });
  const rateLimits: RateLimits = {};
  for (const [k, v] of Object.entries(f.rateLimits) as [keyof RateLimits, string][]) {
    if (!v.trim()) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) errors[`rateLimits.${k}`] = 'a whole number above 0, or empty for the default';
    else rateLimits[k] = n;
  }
  if (Object.keys(errors).length) return { errors };
  return {
    body: {
      issuer: f.issuer.trim(), audiences, roleClaim: f.roleClaim.trim() || 'roles', roleMapping,
      ...(Object.keys(rateLimits).length ? { rateLimits } : {}),
    },
  };
}

export function quotasBody(f: QuotaForm): { body: QuotasInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const num = (path: string, v: string, integer: boolean, min: number) => {
    const n = Number(v);
    if (!v.trim() || Number.isNaN(n) || (integer && !Number.isInteger(n)) || n < min) {
      errors[path] = integer ? `a whole number ≥ ${min}` : `a number ≥ ${min}`;
    }
    return n;
  };
  const limits = (name: 'defaultLimits' | 'maxLimits'): LimitsInput => ({
    memoryMiB: num(`${name}.memoryMiB`, f[name].memoryMiB, true, 6),
    swapMiB: num(`${name}.swapMiB`, f[name].swapMiB, true, 0),
    cpus: num(`${name}.cpus`, f[name].cpus, false, 0.01),
    pids: num(`${name}.pids`, f[name].pids, true, 1),
  });
  const body = { maxRunningWorkspaces: num('maxRunningWorkspaces', f.maxRunningWorkspaces, true, 0),
    defaultLimits: limits('defaultLimits'), maxLimits: limits('maxLimits') };
  for (const k of ['memoryMiB', 'swapMiB', 'cpus', 'pids'] as const) {
    if (!errors[`maxLimits.${k}`] && body.defaultLimits[k] > body.maxLimits[k]) errors[`defaultLimits.${k}`] = 'must not exceed the maximum';
  }
  return Object.keys(errors).length ? { errors } : { body };
}
