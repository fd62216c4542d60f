import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS, EMPTY_IDP, idpBody, idpFormOf, quotasBody } from './tenantForm';

describe('tenant onboarding forms', () => {
  it('builds the identity-provider registration with mapping and only the given rate limits', () => {
    const r = idpBody({ ...EMPTY_IDP, issuer: ' http://idp/initech ', audiences: 'aicockpit, api',
      roleMapping: 'developer = DEVELOPER\nadmins: ORG_ADMIN\n', rateLimits: { ...EMPTY_IDP.rateLimits, userRequestsPerMinute: '5' } });
    expect(r).toEqual({ body: { issuer: 'http://idp/initech', audiences: ['aicockpit', 'api'], roleClaim: 'roles',
      roleMapping: { developer: 'DEVELOPER', admins: 'ORG_ADMIN' }, rateLimits: { userRequestsPerMinute: 5 } } });
  });
  it('refuses a mapping to the operator role and a bad rate limit', () => {
    const r = idpBody({ ...EMPTY_IDP, issuer: 'http://idp/x', roleMapping: 'x = PLATFORM_OPERATOR',
      rateLimits: { ...EMPTY_IDP.rateLimits, tenantRequestsPerMinute: '0' } });
    expect(r).toHaveProperty('errors.roleMapping');
    expect(r).toHaveProperty(['errors', 'rateLimits.tenantRequestsPerMinute']);
  });
  it('round-trips a stored registration through the form', () => {
    const stored = { tenantId: 't', issuer: 'http://i', audiences: ['a'], roleClaim: 'realm_access.roles',
      roleMapping: { admin: 'ORG_ADMIN' }, rateLimits: { tenantRequestsPerMinute: 6000, userRequestsPerMinute: 600,
        tenantAiTokensPerMinute: 200000, userAiTokensPerMinute: 50000 } };
    const r = idpBody(idpFormOf(stored));
    expect(r).toEqual({ body: { issuer: 'http://i', audiences: ['a'], roleClaim: 'realm_access.roles',
      roleMapping: { admin: 'ORG_ADMIN' }, rateLimits: stored.rateLimits } });
  });
  it('builds quotas as numbers and keeps defaults within the maximum', () => {
    expect(quotasBody(DEFAULT_QUOTAS)).toEqual({ body: { maxRunningWorkspaces: 3,
      defaultLimits: { memoryMiB: 256, swapMiB: 0, cpus: 0.5, pids: 128 },
      maxLimits: { memoryMiB: 2048, swapMiB: 512, cpus: 2, pids: 1024 } } });
    const bad = quotasBody({ ...DEFAULT_QUOTAS, maxRunningWorkspaces: '1.5',
      defaultLimits: { ...DEFAULT_QUOTAS.defaultLimits, memoryMiB: '4096' } });
    expect(bad).toHaveProperty('errors.maxRunningWorkspaces');
    expect(bad).toHaveProperty(['errors', 'defaultLimits.memoryMiB'], 'must not exceed the maximum');
  });
});
