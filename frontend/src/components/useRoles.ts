import { useMemo } from 'react';
import { jwtClaims, Role, rolesFromClaims } from '../modules/admin/roles';
import { useAuth } from './useAuth';

/** The signed-in user's roles as the token states them (for showing pages; the gateway decides access). */
export function useRoles(): Set<Role> {
  const { user, settings } = useAuth();
  const token = user?.access_token;
  const tenant = settings?.tenant;
  return useMemo(() => rolesFromClaims(jwtClaims(token), tenant), [token, tenant]);
}
