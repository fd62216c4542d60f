import { useSyncExternalStore } from 'react';
import { auth, AuthState } from '../modules/auth/auth';

export function useAuth(): AuthState {
  return useSyncExternalStore(auth.subscribe, () => auth.state);
}
