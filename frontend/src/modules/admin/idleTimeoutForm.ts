/**
 * The idle auto-stop form of the settings page: what `GET /api/v1/tenants/{id}/idle-timeout` answers (seconds) as
 * the form shows it (whole minutes), and the form back into the `PUT` body. command-side accepts 1 s to 7 days or
 * "disabled"; the form offers whole minutes (shorter timeouts exist for tests only, see docs/workspaces.md).
 */
export interface IdleTimeout {
  tenantId: string;
  enabled: boolean;
  timeoutSeconds: number | null;
  isDefault: boolean;
}

export type IdleTimeoutBody = { enabled: true; timeoutSeconds: number } | { enabled: false };

export interface IdleTimeoutForm {
  enabled: boolean;
  minutes: string;
}

export const MIN_MINUTES = 1;
export const MAX_MINUTES = 7 * 24 * 60; // 7 days, command-side's upper bound
export const DEFAULT_SECONDS = 1800;

/** Seconds as whole minutes for the form; a timeout that is no whole number of minutes is rounded up. */
export function secondsToMinutes(seconds: number): number {
  return Math.max(MIN_MINUTES, Math.ceil(seconds / 60));
}

export function minutesToSeconds(minutes: number): number {
  return minutes * 60;
}

/** The form for a stored timeout; a disabled one keeps the default in the minutes box for when it is enabled. */
export function toForm(t: IdleTimeout): IdleTimeoutForm {
  const seconds = t.enabled && t.timeoutSeconds != null ? t.timeoutSeconds : DEFAULT_SECONDS;
  return { enabled: t.enabled, minutes: String(secondsToMinutes(seconds)) };
}

/** The PUT body, or the reason the minutes are refused (minutes do not matter when auto-stop is off). */
export function toBody(form: IdleTimeoutForm): { body: IdleTimeoutBody } | { error: string } {
  if (!form.enabled) return { body: { enabled: false } };
  const text = form.minutes.trim();
  if (!text) return { error: 'Enter the minutes of inactivity before a workspace stops.' };
  if (!/^\d+$/.test(text)) return { error: 'Enter a whole number of minutes.' };
  const minutes = Number(text);
  if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
    return { error: `Enter between ${MIN_MINUTES} and ${MAX_MINUTES} minutes (7 days).` };
  }
  return { body: { enabled: true, timeoutSeconds: minutesToSeconds(minutes) } };
}

/** "30 minutes", "1 hour 30 minutes", "2 days", "45 seconds": a timeout in plain words. */
export function describeSeconds(seconds: number): string {
  if (seconds < 60) return plural(seconds, 'second');
  const parts: string[] = [];
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days) parts.push(plural(days, 'day'));
  if (hours) parts.push(plural(hours, 'hour'));
  if (minutes) parts.push(plural(minutes, 'minute'));
  if (rest) parts.push(plural(rest, 'second'));
  return parts.join(' ');
}

/** The current setting in one sentence. */
export function describeIdleTimeout(t: IdleTimeout): string {
  if (!t.enabled || t.timeoutSeconds == null) return 'Idle auto-stop is off: workspaces run until someone stops them.';
  return `Workspaces stop after ${describeSeconds(t.timeoutSeconds)} without activity`
    + (t.isDefault ? ' (the platform default).' : '.');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
