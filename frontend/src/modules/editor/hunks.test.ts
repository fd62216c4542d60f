import { describe, expect, it } from 'vitest';
import { allDecided, applyHunks, computeHunks, currentStart, Decision } from './hunks';

const original = ['echo alpha', 'echo beta', 'echo gamma', 'echo delta', 'echo epsilon'].join('\n') + '\n';
const proposed = ['echo ALPHA', 'echo beta', 'echo gamma', 'echo delta', 'echo EPSILON', 'echo zeta'].join('\n') + '\n';

describe('computeHunks', () => {
  it('finds one hunk per changed run of lines, with its original position', () => {
    expect(computeHunks(original, proposed)).toEqual([
      { oldStart: 0, oldLines: ['echo alpha'], newLines: ['echo ALPHA'] },
      { oldStart: 4, oldLines: ['echo epsilon'], newLines: ['echo EPSILON', 'echo zeta'] },
    ]);
  });
  it('finds pure insertions and deletions, and nothing for equal texts', () => {
    expect(computeHunks('a\nb\n', 'a\nx\nb\n')).toEqual([{ oldStart: 1, oldLines: [], newLines: ['x'] }]);
    expect(computeHunks('a\nb\nc', 'a\nc')).toEqual([{ oldStart: 1, oldLines: ['b'], newLines: [] }]);
    expect(computeHunks('same\n', 'same')).toEqual([]);
  });
});

describe('applyHunks', () => {
  const hunks = computeHunks(original, proposed);
  it('applies only the accepted hunks', () => {
    expect(applyHunks(original, hunks, ['accepted', 'rejected']))
      .toBe(['echo ALPHA', 'echo beta', 'echo gamma', 'echo delta', 'echo epsilon'].join('\n') + '\n');
    expect(applyHunks(original, hunks, ['rejected', 'accepted']))
      .toBe(['echo alpha', 'echo beta', 'echo gamma', 'echo delta', 'echo EPSILON', 'echo zeta'].join('\n') + '\n');
  });
  it('gives the proposal when all are accepted and the original when none are', () => {
    expect(applyHunks(original, hunks, ['accepted', 'accepted'])).toBe(proposed);
    expect(applyHunks(original, hunks, ['pending', 'rejected'])).toBe(original);
  });
  it('keeps the absence of a final newline', () => {
    const h = computeHunks('a\nb', 'a\nB');
    expect(applyHunks('a\nb', h, ['accepted'])).toBe('a\nB');
  });
});

describe('currentStart', () => {
  it('shifts a hunk by the line-count change of accepted hunks before it', () => {
    const h = computeHunks('a\nb\nc\nd\n', 'x\ny\nz\nb\nc\nD\n');
    expect(h.map((x) => x.oldStart)).toEqual([0, 3]);
    const d: Decision[] = ['accepted', 'pending'];
    expect(currentStart(h, d, 1)).toBe(5);
    expect(currentStart(h, ['rejected', 'pending'], 1)).toBe(3);
    expect(allDecided(d)).toBe(false);
    expect(allDecided(['accepted', 'rejected'])).toBe(true);
  });
});
