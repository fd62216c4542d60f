import { describe, expect, it } from 'vitest';
import { defaultUsageRange, extraColumns, totals, usageQueryRange } from './usageRange';
import { usageUrl } from '../../api/admin';

describe('usage range and table', () => {
  it('sends the day after "to" because the API reads it as exclusive', () => {
    expect(usageQueryRange('2026-12-01', '2026-12-07')).toEqual({ from: '2026-12-01', to: '2026-12-08' });
    expect(usageQueryRange('2026-12-31', '2026-12-31')).toEqual({ from: '2026-12-31', to: '2027-01-01' });
    expect(usageUrl('user', '2026-12-01', '2026-12-08', 'csv'))
      .toBe('/api/v1/usage?groupBy=user&from=2026-12-01&to=2026-12-08&format=csv');
  });
  it('refuses reversed, empty and too long ranges', () => {
    expect(usageQueryRange('2026-12-07', '2026-12-01')).toHaveProperty('error');
    expect(usageQueryRange('', '2026-12-01')).toHaveProperty('error');
    expect(usageQueryRange('2025-01-01', '2026-12-01')).toHaveProperty('error');
  });
  it('defaults to the last 30 days with today', () => {
    expect(defaultUsageRange(Date.parse('2026-12-07T13:00:00Z'))).toEqual({ from: '2026-11-08', to: '2026-12-07' });
  });
  it('shows container metering columns when the API adds them, and sums exactly', () => {
    const rows = [
      { key: 'alice', requests: 2, promptTokens: 10, completionTokens: 3, failed: 1, cpuSeconds: 1.5 },
      { key: 'bob', requests: 1, promptTokens: 5, completionTokens: 3, failed: 0, memorySeconds: 7, note: 'x' },
    ];
    expect(extraColumns(rows)).toEqual(['cpuSeconds', 'memorySeconds']);
    expect(totals(rows, ['requests', 'promptTokens', 'cpuSeconds'])).toEqual({ requests: 3, promptTokens: 15, cpuSeconds: 1.5 });
  });
});
