/**
 * Which admin pages a signed-in user sees. Roles come from the access token's claims the way the gateway reads
 * them without a tenant role mapping (names equal to a platform role, in `roles`, `realm_access.roles` or
 * `groups`), and a session at the platform's own issuer is an operator. The gateway decides with the tenant's
 * real mapping and answers 403 anyway: hiding a page is a courtesy, never the fence.
 */
export type Role = 'DEVELOPER' | 'ORG_ADMIN' | 'AUDITOR' | 'INTEGRATION' | 'PLATFORM_OPERATOR';

const TENANT_ROLES: Role[] = ['DEVELOPER', 'ORG_ADMIN', 'AUDITOR', 'INTEGRATION'];

/** The login-settings "tenant" a platform operator signs in with (the platform issuer, not a tenant's). */
export const PLATFORM_LOGIN = '_platform';

export type AdminPage = 'ai-services' | 'members' | 'audit' | 'usage' | 'settings' | 'integrations' | 'tenants';

export interface AdminPageInfo {
  page: AdminPage;
  path: string;
  label: string;
  roles: Role[];
}

/** The admin console's pages, in menu order, with the roles the gateway lets through for each. */
export const ADMIN_PAGES: AdminPageInfo[] = [
  { page: 'ai-services', path: '/admin/ai-services', label: 'AI services', roles: ['ORG_ADMIN'] },
  { page: 'members', path: '/admin/workspaces', label: 'Members’ workspaces', roles: ['ORG_ADMIN'] },
  { page: 'audit', path: '/admin/audit', label: 'Audit trail', roles: ['ORG_ADMIN', 'AUDITOR'] },
  { page: 'usage', path: '/admin/usage', label: 'Usage', roles: ['ORG_ADMIN', 'AUDITOR'] },
  { page: 'settings', path: '/admin/settings', label: 'Settings', roles: ['ORG_ADMIN'] },
  { page: 'integrations', path: '/admin/integrations', label: 'Integrations', roles: ['ORG_ADMIN'] },
  { page: 'tenants', path: '/admin/tenants', label: 'Tenants', roles: ['PLATFORM_OPERATOR'] },
];

/** Reads the payload of a JWT without verifying it (the gateway verifies; this only shapes the menu). */
export function jwtClaims(token: string | undefined | null): Record<string, unknown> {
  if (!token) return {};
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function names(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => v != null).map(String);
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The user's platform roles from token claims; an operator session (platform issuer) is PLATFORM_OPERATOR only. */
export function rolesFromClaims(claims: Record<string, unknown>, loginTenant?: string | null): Set<Role> {
  if (loginTenant === PLATFORM_LOGIN) return new Set<Role>(['PLATFORM_OPERATOR']);
  const realm = claims.realm_access as { roles?: unknown } | undefined;
  const found = [...names(claims.roles), ...names(realm?.roles), ...names(claims.groups)];
  // PLATFORM_OPERATOR never comes from a tenant's token (the gateway ignores it there too)
  return new Set(TENANT_ROLES.filter((r) => found.includes(r)));
}

export function visibleAdminPages(roles: Set<Role>): AdminPageInfo[] {
  return ADMIN_PAGES.filter((p) => p.roles.some((r) => roles.has(r)));
}

export function mayOpen(path: string, roles: Set<Role>): boolean {
  const page = ADMIN_PAGES.find((p) => p.path === path);
  return !!page && page.roles.some((r) => roles.has(r));
}

/** Where "/" leads: the workspaces for roles that have them, else the first admin page the roles allow. */
export function homePath(roles: Set<Role>): string {
  if (roles.has('DEVELOPER') || roles.has('ORG_ADMIN') || roles.has('INTEGRATION')) return '/workspaces';
  return visibleAdminPages(roles)[0]?.path ?? '/workspaces';
}
