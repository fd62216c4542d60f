import { describe, expect, it } from 'vitest';
import { homePath, jwtClaims, mayOpen, PLATFORM_LOGIN, rolesFromClaims, visibleAdminPages } from './roles';

const jwt = (payload: object) =>
  ['e30', btoa(JSON.stringify(payload)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 'sig'].join('.');
const pages = (claims: Record<string, unknown>, tenant = 'acme') => visibleAdminPages(rolesFromClaims(claims, tenant)).map((p) => p.page);

describe('admin navigation by role', () => {
  it('shows an org admin AI services, members, audit, usage, settings and integrations but not tenants', () => {
    expect(pages({ roles: ['ORG_ADMIN'] })).toEqual(['ai-services', 'members', 'audit', 'usage', 'settings', 'integrations']);
  });
  it('shows an auditor audit and usage only', () => {
    expect(pages({ roles: ['AUDITOR'] })).toEqual(['audit', 'usage']);
    expect(mayOpen('/admin/settings', rolesFromClaims({ roles: ['AUDITOR'] }))).toBe(false);
  });
  it('shows a developer no admin page', () => {
    expect(pages({ roles: ['DEVELOPER'] })).toEqual([]);
    expect(mayOpen('/admin/audit', rolesFromClaims({ roles: ['DEVELOPER'] }))).toBe(false);
  });
  it('shows an operator of the platform issuer only tenants', () => {
    expect(pages({ roles: ['ORG_ADMIN'] }, PLATFORM_LOGIN)).toEqual(['tenants']);
  });
  it('never takes PLATFORM_OPERATOR from a tenant token', () => {
    expect(pages({ roles: ['PLATFORM_OPERATOR'] })).toEqual([]);
  });
  it('reads roles from realm_access, groups and space separated strings', () => {
    expect([...rolesFromClaims({ realm_access: { roles: ['AUDITOR'] } })]).toEqual(['AUDITOR']);
    expect([...rolesFromClaims({ groups: 'DEVELOPER ORG_ADMIN' })].sort()).toEqual(['DEVELOPER', 'ORG_ADMIN']);
  });
  it('starts auditors at the audit trail and operators at the tenants, everyone else at the workspaces', () => {
    expect(homePath(rolesFromClaims({ roles: ['AUDITOR'] }))).toBe('/admin/audit');
    expect(homePath(rolesFromClaims({}, PLATFORM_LOGIN))).toBe('/admin/tenants');
    expect(homePath(rolesFromClaims({ roles: ['ORG_ADMIN', 'AUDITOR'] }))).toBe('/workspaces');
    expect(homePath(rolesFromClaims({}))).toBe('/workspaces');
  });
  it('decodes a base64url token payload with non-ASCII names', () => {
    const utf8 = String.fromCharCode(...new TextEncoder().encode(JSON.stringify({ name: 'Jürgen', roles: ['AUDITOR'] })));
    const token = ['e30', btoa(utf8).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 's'].join('.');
    expect(jwtClaims(token)).toEqual({ name: 'Jürgen', roles: ['AUDITOR'] });
    expect(jwtClaims(jwt({ roles: 'ORG_ADMIN' })).roles).toBe('ORG_ADMIN');
    expect(jwtClaims('garbage')).toEqual({});
    expect(jwtClaims(undefined)).toEqual({});
  });
});
