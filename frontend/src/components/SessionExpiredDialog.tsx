import { useState } from 'react';
import { login } from '../modules/auth/auth';
import { useAuth } from './useAuth';

/**
 * Shown when the session could not be renewed. Unsaved editor content is already kept in sessionStorage
 * (modules/drafts), which survives the round trip to the IdP in this tab, so signing in again loses nothing.
 */
export function SessionExpiredDialog() {
  const { expired, settings } = useAuth();
  const [busy, setBusy] = useState(false);
  if (!expired || !settings) return null;
  return (
    <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="expired-title">
      <div className="dialog">
        <h2 id="expired-title">Your session has ended</h2>
        <p>Sign in again to continue. Your unsaved changes are kept in this tab and come back after you sign in.</p>
        <button
          className="primary"
          autoFocus
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void login(settings.tenant, window.location.pathname + window.location.search);
          }}
        >
          Sign in again
        </button>
      </div>
    </div>
  );
}
