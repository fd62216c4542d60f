import { describe, expect, it } from 'vitest';
import {
  describeIdleTimeout, describeSeconds, MAX_MINUTES, minutesToSeconds, secondsToMinutes, toBody, toForm,
} from './idleTimeoutForm';

describe('idle timeout form', () => {
  it('converts minutes to seconds and back', () => {
    expect(minutesToSeconds(30)).toBe(1800);
    expect(secondsToMinutes(1800)).toBe(30);
    expect(secondsToMinutes(604800)).toBe(MAX_MINUTES);
    // no whole minutes (test timeouts): rounded up, never 0
    expect(secondsToMinutes(90)).toBe(2);
    expect(secondsToMinutes(5)).toBe(1);
  });

  it('fills the form from the stored timeout', () => {
    expect(toForm({ tenantId: 'acme', enabled: true, timeoutSeconds: 2700, isDefault: false }))
      .toEqual({ enabled: true, minutes: '45' });
    // disabled: the box keeps the default for when auto-stop is turned on again
    expect(toForm({ tenantId: 'acme', enabled: false, timeoutSeconds: null, isDefault: false }))
      .toEqual({ enabled: false, minutes: '30' });
  });

  it('builds the PUT body in seconds', () => {
    expect(toBody({ enabled: true, minutes: ' 45 ' })).toEqual({ body: { enabled: true, timeoutSeconds: 2700 } });
    expect(toBody({ enabled: true, minutes: String(MAX_MINUTES) }))
      .toEqual({ body: { enabled: true, timeoutSeconds: 604800 } });
    expect(toBody({ enabled: false, minutes: 'whatever' })).toEqual({ body: { enabled: false } });
  });

  it('refuses minutes command-side would refuse or the form cannot mean', () => {
    for (const bad of ['', '  ', '0', '-5', '1.5', 'abc', '1e3', String(MAX_MINUTES + 1)]) {
      expect(toBody({ enabled: true, minutes: bad }), bad).toHaveProperty('error');
    }
    expect(toBody({ enabled: true, minutes: '0' })).toEqual({ error: 'Enter between 1 and 10080 minutes (7 days).' });
  });

  it('says the current setting in words', () => {
    expect(describeSeconds(1800)).toBe('30 minutes');
    expect(describeSeconds(5400)).toBe('1 hour 30 minutes');
    expect(describeSeconds(5)).toBe('5 seconds');
    expect(describeIdleTimeout({ tenantId: 'a', enabled: true, timeoutSeconds: 1800, isDefault: true }))
      .toBe('Workspaces stop after 30 minutes without activity (the platform default).');
    expect(describeIdleTimeout({ tenantId: 'a', enabled: false, timeoutSeconds: null, isDefault: false }))
      .toMatch(/off/);
  });
});
