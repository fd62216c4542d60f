import { beforeEach, describe, expect, it } from 'vitest';
import { draftPaths, dropDraft, loadDraft, saveDraft } from './drafts';

/** sessionStorage as the browser has it, in memory. */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() { return this.items.size; }
  clear() { this.items.clear(); }
  getItem(k: string) { return this.items.get(k) ?? null; }
  key(i: number) { return [...this.items.keys()][i] ?? null; }
  removeItem(k: string) { this.items.delete(k); }
  setItem(k: string, v: string) { this.items.set(k, String(v)); }
}

describe('drafts', () => {
  beforeEach(() => {
    (globalThis as { sessionStorage?: Storage }).sessionStorage = new MemoryStorage();
  });

  it('keeps unsaved content per workspace and path with the version it started from', () => {
    saveDraft('ws1', 'src/app.py', { content: 'print(1)', baseEtag: '"abc"', savedAt: 1 });
    saveDraft('ws2', 'src/app.py', { content: 'other', baseEtag: null, savedAt: 2 });
    expect(loadDraft('ws1', 'src/app.py')).toEqual({ content: 'print(1)', baseEtag: '"abc"', savedAt: 1 });
    expect(draftPaths('ws1')).toEqual(['src/app.py']);
  });

  it('forgets a draft once saved', () => {
    saveDraft('ws1', 'a.txt', { content: 'x', baseEtag: null, savedAt: 1 });
    dropDraft('ws1', 'a.txt');
    expect(loadDraft('ws1', 'a.txt')).toBeNull();
    expect(draftPaths('ws1')).toEqual([]);
  });

  it('survives a full storage by keeping the draft in memory only', () => {
    const full = new MemoryStorage();
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    (globalThis as { sessionStorage?: Storage }).sessionStorage = full;
    expect(() => saveDraft('ws1', 'a.txt', { content: 'x', baseEtag: null, savedAt: 1 })).not.toThrow();
    expect(loadDraft('ws1', 'a.txt')).toBeNull();
  });
});
