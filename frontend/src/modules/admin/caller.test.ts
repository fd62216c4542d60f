import { describe, expect, it } from 'vitest';
import { rolesOfCaller } from './caller';
import { visibleAdminPages } from './roles';

describe("the gateway's answer about the caller", () => {
  it("takes the mapped roles, so a tenant's own role names still show the right pages", () => {
    const roles = rolesOfCaller({ tenantId: 'initech', subject: 'olga', roles: ['AUDITOR', 'ORG_ADMIN', 'whatever'] });
    expect([...roles!].sort()).toEqual(['AUDITOR', 'ORG_ADMIN']);
    expect(visibleAdminPages(roles!).map((p) => p.page)).toEqual(['ai-services', 'members', 'audit', 'usage', 'settings', 'integrations']);
  });
  it('is no answer without a roles list', () => {
    expect(rolesOfCaller(null)).toBeNull();
    expect(rolesOfCaller({ type: 'urn:aicockpit:problem:not-found' })).toBeNull();
  });
});
