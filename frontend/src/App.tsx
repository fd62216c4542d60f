import { lazy, Suspense, useEffect, useState } from 'react';
import { usePath, navigate } from './components/router';
import { useAuth } from './components/useAuth';
import { Header } from './components/Header';
import { SessionExpiredDialog } from './components/SessionExpiredDialog';
import { LoginPage } from './pages/LoginPage/LoginPage';
import { CallbackPage } from './pages/CallbackPage/CallbackPage';
import { WorkspacesPage } from './pages/WorkspacesPage/WorkspacesPage';
import { AdminRoute } from './components/AdminRoute';
import { homePath } from './modules/admin/roles';
import { useRoles } from './components/useRoles';
import { restoreSession } from './modules/auth/auth';

// the IDE (file tree, and through it Monaco and xterm.js) is not part of the first page
const WorkspacePage = lazy(() => import('./pages/WorkspacePage/WorkspacePage').then((m) => ({ default: m.WorkspacePage })));

export function App() {
  const path = usePath();
  const { user } = useAuth();
  const roles = useRoles();
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    if (path === '/auth/callback') {
      setRestored(true);
      return;
    }
    restoreSession().finally(() => setRestored(true));
  }, []);

  if (path === '/auth/callback') return <CallbackPage />;
  const tenantLink = /^\/t\/([^/]+)\/?$/.exec(path);
  if (tenantLink) return <LoginPage tenant={decodeURIComponent(tenantLink[1])} />;
  if (!restored) return <p aria-live="polite" className="page">Loading…</p>;
  if (!user) {
    // signed out (or never signed in): the org picker, at /
    return path === '/' ? <LoginPage /> : <Redirect to="/" />;
  }
  // operators and auditors have no workspaces: their start is their first admin page
  const home = homePath(roles);
  if (path === '/' || (path === '/workspaces' && home !== '/workspaces')) return <Redirect to={home} />;
  const ws = /^\/workspaces\/([0-9a-f-]{36})\/?$/.exec(path);
  return (
    <div className={ws ? 'app app-ide' : 'app'}>
      <Header />
      {ws ? (
        <Suspense fallback={<p className="page" aria-live="polite">Opening workspace…</p>}>
          <WorkspacePage workspaceId={ws[1]} />
        </Suspense>
      ) : path === '/workspaces' ? (
        <WorkspacesPage />
      ) : path.startsWith('/admin/') ? (
        <AdminRoute path={path} />
      ) : (
        <main className="page"><h1>Not found</h1><a href="/workspaces">Your workspaces</a></main>
      )}
      <SessionExpiredDialog />
    </div>
  );
}

/** Navigates after rendering (navigating while rendering would update the router during another render). */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return null;
}
