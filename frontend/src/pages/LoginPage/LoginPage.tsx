import { FormEvent, useEffect, useState } from 'react';
import { login } from '../../modules/auth/auth';
import { ApiError, describeProblem } from '../../api/problem';

const LAST_TENANT = 'aicockpit.last-tenant';

/** Org picker: the user types their organization (or arrives on /t/<tenant>) and is sent to its IdP. */
export function LoginPage({ tenant: preset }: { tenant?: string }) {
  const [tenant, setTenant] = useState(preset ?? localStorage.getItem(LAST_TENANT) ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const go = async (t: string) => {
    setBusy(true);
    setError(null);
    try {
      localStorage.setItem(LAST_TENANT, t);
      await login(t);
    } catch (e) {
      setBusy(false);
      setError(e instanceof ApiError
        ? (e.status === 404 ? `No organization "${t}" signs in here. Check the name with your administrator.`
          : describeProblem(e.problem))
        : 'The sign-in service could not be reached. Try again in a moment.');
    }
  };

  useEffect(() => {
    if (preset) void go(preset);
  }, [preset]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = tenant.trim().toLowerCase();
    if (t) void go(t);
  };

  return (
    <main className="login">
      <h1>Sign in to AiCockpit</h1>
      <form onSubmit={submit} className="card">
        <label htmlFor="tenant">Organization</label>
        <input
          id="tenant"
          name="tenant"
          autoFocus
          autoComplete="organization"
          placeholder="e.g. acme"
          value={tenant}
          onChange={(e) => setTenant(e.target.value)}
          required
        />
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Redirecting…' : 'Continue with your organization’s sign-in'}
        </button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
      <p className="muted">Your organization signs you in with its own identity provider.</p>
    </main>
  );
}
