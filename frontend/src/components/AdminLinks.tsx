import { visibleAdminPages } from '../modules/admin/roles';
import { Link } from './Link';
import { usePath } from './router';
import { useRoles } from './useRoles';

/** The admin console's pages this user's roles allow; nothing at all for a developer. */
export function AdminLinks() {
  const pages = visibleAdminPages(useRoles());
  const path = usePath();
  if (!pages.length) return null;
  return (
    <nav className="admin-nav" aria-label="Administration">
      {pages.map((p) => (
        <Link key={p.page} href={p.path} aria-current={path === p.path ? 'page' : undefined}
          data-testid={`nav-${p.page}`}>
          {p.label}
        </Link>
      ))}
    </nav>
  );
}
