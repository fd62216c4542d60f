import { describe, expect, it } from 'vitest';
import { describeProblem, parseProblem } from './problem';

describe('parseProblem', () => {
  it('reads the kind from an aicockpit problem type', () => {
    const p = parseProblem(409, 'Conflict', 'application/problem+json', JSON.stringify({
      type: 'urn:aicockpit:problem:tenant-quota-exceeded', title: 'Conflict', status: 409,
      detail: 'Tenant acme runs 3 of 3 workspaces.', requestId: 'r-1',
    }));
    expect(p.kind).toBe('tenant-quota-exceeded');
    expect(p.status).toBe(409);
    expect(describeProblem(p)).toBe('Tenant acme runs 3 of 3 workspaces. [request r-1]');
  });

  it('lists field errors of a validation problem', () => {
    const p = parseProblem(400, 'Bad Request', 'application/problem+json', JSON.stringify({
      type: 'urn:aicockpit:problem:validation', status: 400, detail: 'Invalid request.',
      errors: [{ field: 'name', reason: 'must not be blank' }],
    }));
    expect(describeProblem(p)).toBe('Invalid request. (name: must not be blank)');
  });

  it('turns a non-JSON error page into a generic problem named after the status', () => {
    const p = parseProblem(502, 'Bad Gateway', 'text/html', '<html>oops</html>');
    expect(p.kind).toBe('server-error');
    expect(p.detail).toBe('');
    expect(describeProblem(p)).toBe('Bad Gateway');
  });

  it('survives a body that claims JSON but is not', () => {
    const p = parseProblem(412, '', 'application/json', '{not json');
    expect(p.kind).toBe('precondition-failed');
  });
});
