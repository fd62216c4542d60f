import { useEffect, useRef, useState } from 'react';
import { completeLogin } from '../../modules/auth/auth';
import { navigate } from '../../components/router';
import { Link } from '../../components/Link';

export function CallbackPage() {
  const [error, setError] = useState<string | null>(null);
  const once = useRef(false);
  useEffect(() => {
    if (once.current) return;
    once.current = true;
    completeLogin()
      .then((to) => navigate(to, true))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  return (
    <main className="login">
      {error ? (
        <div role="alert" className="card">
          <h1>Sign-in failed</h1>
          <p className="error">{error}</p>
          <Link href="/">Try again</Link>
        </div>
      ) : (
        <p aria-live="polite">Signing you in…</p>
      )}
    </main>
  );
}
