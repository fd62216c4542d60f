import { logout } from '../modules/auth/auth';
import { AdminLinks } from './AdminLinks';
import { Link } from './Link';
import { useAuth } from './useAuth';

export function Header() {
  const { user, settings } = useAuth();
  const name = (user?.profile.preferred_username as string | undefined) ?? user?.profile.name ?? user?.profile.sub;
  return (
    <header className="app-header">
      <Link href="/workspaces" className="brand">AiCockpit</Link>
      <AdminLinks />
      <span className="grow" />
      {user && (
        <>
          <span className="who" data-testid="user">
            {name} <span className="muted">@ {settings?.tenant}</span>
          </span>
          <button onClick={() => void logout()}>Log out</button>
        </>
      )}
    </header>
  );
}
