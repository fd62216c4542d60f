import { User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { ApiError, parseProblem } from '../../api/problem';

/** What the gateway publishes for a tenant at GET /api/v1/login-settings/{tenant}. */
export interface LoginSettings {
  tenant: string;
  issuer: string;
  clientId: string;
  scopes: string;
}

export interface AuthState {
  settings: LoginSettings | null;
  user: User | null;
  /** The session ended (renewal failed or the token expired): ask the user to sign in again. */
  expired: boolean;
}

const SETTINGS_KEY = 'aicockpit.login-settings';
let manager: UserManager | null = null;
let state: AuthState = { settings: readSettings(), user: null, expired: false };
const listeners = new Set<() => void>();

function readSettings(): LoginSettings | null {
  try {
    const raw = localStorage.getItem(SETTINGS_KEY);
    return raw ? (JSON.parse(raw) as LoginSettings) : null;
  } catch {
    return null;
  }
}

function set(next: Partial<AuthState>): void {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

export const auth = {
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  get state(): AuthState {
    return state;
  },
};

export async function fetchLoginSettings(tenant: string): Promise<LoginSettings> {
  const res = await fetch(`/api/v1/login-settings/${encodeURIComponent(tenant)}`, {
    headers: { Accept: 'application/json' },
  });
  const body = await res.text();
  if (!res.ok) throw new ApiError(parseProblem(res.status, res.statusText, res.headers.get('content-type'), body));
  return JSON.parse(body) as LoginSettings;
}

function managerFor(settings: LoginSettings): UserManager {
  if (manager && manager.settings.authority === settings.issuer && manager.settings.client_id === settings.clientId) {
    return manager;
  }
  manager?.stopSilentRenew();
  const origin = window.location.origin;
  manager = new UserManager({
    authority: settings.issuer,
    client_id: settings.clientId,
    redirect_uri: `${origin}/auth/callback`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: settings.scopes,
    loadUserInfo: false,
    // renew with the refresh token a minute before expiry (no hidden iframe: the CSP allows no frames)
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: 60,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  manager.events.addUserLoaded((u) => set({ user: u, expired: false }));
  manager.events.addSilentRenewError(() => set({ expired: true }));
  manager.events.addAccessTokenExpired(() => set({ expired: true }));
  manager.events.addUserUnloaded(() => set({ user: null }));
  return manager;
}

/** Restores a session kept in this tab (sessionStorage) after a reload. */
export async function restoreSession(): Promise<void> {
  const settings = readSettings();
  if (!settings) return;
  const m = managerFor(settings);
  const user = await m.getUser();
  if (user && !user.expired) {
    set({ settings, user, expired: false });
  } else if (user?.refresh_token) {
    try {
      set({ settings, user: await m.signinSilent() });
    } catch {
      set({ settings, user, expired: true });
    }
  } else {
    set({ settings, user: null });
  }
}

/** Sends the browser to the tenant's IdP (authorization code + PKCE); comes back at /auth/callback. */
export async function login(tenant: string, returnTo = '/workspaces'): Promise<void> {
  const settings = await fetchLoginSettings(tenant);
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  set({ settings });
  await managerFor(settings).signinRedirect({ state: { returnTo } });
}

/** Completes the login at /auth/callback; answers where to go next. */
export async function completeLogin(): Promise<string> {
  const settings = readSettings();
  if (!settings) throw new Error('No login in progress in this browser.');
  const user = await managerFor(settings).signinRedirectCallback();
  set({ settings, user, expired: false });
  const returnTo = (user.state as { returnTo?: string } | undefined)?.returnTo;
  return returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/workspaces';
}

/** Ends the session here and at the IdP (its end_session_endpoint, when it has one). */
export async function logout(): Promise<void> {
  const settings = state.settings;
  if (!settings || !manager) {
    window.location.assign('/');
    return;
  }
  const user = await manager.getUser();
  let endSession: string | undefined;
  try {
    endSession = await manager.metadataService.getEndSessionEndpoint();
  } catch {
    endSession = undefined;
  }
  set({ user: null, expired: false });
  if (endSession) {
    await manager.signoutRedirect({ id_token_hint: user?.id_token });
  } else {
    await manager.removeUser();
    window.location.assign('/');
  }
}

/** The current access token, or an ApiError 401 when there is none (the caller shows the sign-in prompt). */
export function accessToken(): string {
  const u = state.user;
  if (!u || !u.access_token) {
    throw new ApiError({ type: 'urn:aicockpit:problem:unauthenticated', kind: 'unauthenticated', title: 'Unauthorized',
      status: 401, detail: 'Please sign in.' });
  }
  return u.access_token;
}

/** The API answered 401 to a token we thought valid: treat the session as ended. */
export function sessionRejected(): void {
  if (state.user) set({ expired: true });
}
