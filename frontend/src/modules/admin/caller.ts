import { Role } from './roles';

const KNOWN: Role[] = ['DEVELOPER', 'ORG_ADMIN', 'AUDITOR', 'INTEGRATION', 'PLATFORM_OPERATOR'];

/** The platform roles in a GET /api/v1/me answer (unknown names dropped). */
export function rolesOfCaller(body: unknown): Set<Role> | null {
  const roles = (body as { roles?: unknown } | null)?.roles;
  if (!Array.isArray(roles)) return null;
  return new Set(KNOWN.filter((r) => roles.includes(r)));
}

const cache = new Map<string, Promise<Set<Role> | null>>();

/**
 * The gateway's view of the caller's roles (after the tenant's role mapping), once per token; null when the
 * gateway does not answer it (then the token's claims stand in).
 */
export function callerRoles(token: string): Promise<Set<Role> | null> {
  let p = cache.get(token);
  if (!p) {
    p = fetch('/api/v1/me', { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then(rolesOfCaller)
      .catch(() => null);
    cache.clear();
    cache.set(token, p);
  }
  return p;
}
