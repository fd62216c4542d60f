import { useEffect, useMemo, useState } from 'react';
import { callerRoles } from '../modules/admin/caller';
import { jwtClaims, Role, rolesFromClaims } from '../modules/admin/roles';
import { useAuth } from './useAuth';

export interface RolesState {
  roles: Set<Role>;
  /** the gateway answered (or could not): the roles will not change for this token */
  settled: boolean;
}

/**
 * The signed-in user's roles for showing pages: the gateway's answer (GET /api/v1/me, with the tenant's role
 * mapping applied), and until it comes the token's claims read without a mapping. The gateway decides access.
 */
export function useRolesState(): RolesState {
  const { user, settings } = useAuth();
  const token = user?.access_token;
  const tenant = settings?.tenant;
  const fromClaims = useMemo(() => rolesFromClaims(jwtClaims(token), tenant), [token, tenant]);
  const [answer, setAnswer] = useState<{ token: string; roles: Set<Role> | null } | null>(null);
  useEffect(() => {
    if (!token) return;
    let live = true;
    void callerRoles(token).then((roles) => live && setAnswer({ token, roles }));
    return () => {
      live = false;
    };
  }, [token]);
  const mine = answer && answer.token === token ? answer : null;
  return { roles: mine?.roles ?? fromClaims, settled: !!mine };
}

export const useRoles = (): Set<Role> => useRolesState().roles;
