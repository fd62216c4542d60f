import { lazy, Suspense } from 'react';
import { ADMIN_PAGES, AdminPage, homePath, mayOpen } from '../modules/admin/roles';
import { Link } from './Link';
import { useRolesState } from './useRoles';

// each admin page (and uPlot, for usage) loads only when opened: none of it is part of the first page
const pages: Record<AdminPage, React.LazyExoticComponent<() => React.JSX.Element>> = {
  'ai-services': lazy(() => import('../pages/AdminAiServices/AdminAiServices').then((m) => ({ default: m.AdminAiServices }))),
  members: lazy(() => import('../pages/AdminWorkspaces/AdminWorkspaces').then((m) => ({ default: m.AdminWorkspaces }))),
  audit: lazy(() => import('../pages/AdminAudit/AdminAudit').then((m) => ({ default: m.AdminAudit }))),
  usage: lazy(() => import('../pages/AdminUsage/AdminUsage').then((m) => ({ default: m.AdminUsage }))),
  settings: lazy(() => import('../pages/AdminSettings/AdminSettings').then((m) => ({ default: m.AdminSettings }))),
  integrations: lazy(() => import('../pages/AdminIntegrations/AdminIntegrations').then((m) => ({ default: m.AdminIntegrations }))),
  tenants: lazy(() => import('../pages/AdminTenants/AdminTenants').then((m) => ({ default: m.AdminTenants }))),
};

/** /admin/…: the page when the user's roles allow it, else a plain refusal (the API would answer 403 anyway). */
export function AdminRoute({ path }: { path: string }) {
  const { roles, settled } = useRolesState();
  const info = ADMIN_PAGES.find((p) => p.path === path.replace(/\/$/, ''));
  if (!info) {
    return <main className="page"><h1>Not found</h1><Link href="/workspaces">Your workspaces</Link></main>;
  }
  if (!mayOpen(info.path, roles) && !settled) {
    return <p className="page" aria-live="polite">Checking your roles…</p>;
  }
  if (!mayOpen(info.path, roles)) {
    return (
      <main className="page">
        <h1>{info.label}</h1>
        <p role="alert" className="error" data-testid="forbidden">
          Your roles do not allow this page. Ask your organization’s administrator if you need it.
        </p>
        <Link href={homePath(roles)}>Back to your start page</Link>
      </main>
    );
  }
  const Page = pages[info.page];
  return (
    <Suspense fallback={<p className="page" aria-live="polite">Loading {info.label}…</p>}>
      <Page />
    </Suspense>
  );
}
