import { describe, expect, it } from 'vitest';
import { applyMention, formatMention, mentionAt, parseMentions, rankFiles, splitCodeBlocks } from './mentions';

describe('parseMentions', () => {
  it('finds bare and quoted mentions, once each, without trailing punctuation', () => {
    expect(parseMentions('Explain @src/app.py and @"docs/my notes.md", then @src/app.py.'))
      .toEqual(['src/app.py', 'docs/my notes.md']);
  });
  it('does not take e-mail addresses or x@y as mentions', () => {
    expect(parseMentions('mail alice@example.com about a.@b and x@y')).toEqual([]);
  });
  it('strips a leading ./ and accepts a mention in brackets', () => {
    expect(parseMentions('(see @./README.md)')).toEqual(['README.md']);
  });
});

describe('formatMention', () => {
  it('quotes paths with spaces only', () => {
    expect(formatMention('src/app.py')).toBe('@src/app.py');
    expect(formatMention('my notes.md')).toBe('@"my notes.md"');
    expect(parseMentions(formatMention('a dir/b c.txt'))).toEqual(['a dir/b c.txt']);
  });
});

describe('mentionAt', () => {
  it('answers the query being typed after @', () => {
    expect(mentionAt('look at @src/ap', 15)).toEqual({ start: 8, query: 'src/ap' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('at @"my no', 10)).toEqual({ start: 3, query: 'my no' });
  });
  it('is null for an e-mail address, after a space ended it, or after a closed quote', () => {
    expect(mentionAt('alice@exa', 9)).toBeNull();
    expect(mentionAt('@src/app.py and', 15)).toBeNull();
    expect(mentionAt('@"a b" x', 8)).toBeNull();
  });
});

describe('applyMention', () => {
  it('replaces the typed query with the mention and a space', () => {
    expect(applyMention('explain @ap please', 11, 'src/app.py')).toEqual({ text: 'explain @src/app.py please', caret: 20 });
    expect(applyMention('@my', 3, 'my notes.md')).toEqual({ text: '@"my notes.md" ', caret: 15 });
  });
});

describe('rankFiles', () => {
  const files = ['src/app.py', 'src/lib/apply.ts', 'docs/app-guide.md', 'README.md', 'test/test_app.py'];
  it('ranks name prefixes before path prefixes, substrings and fuzzy matches', () => {
    expect(rankFiles(files, 'app')).toEqual(['src/app.py', 'src/lib/apply.ts', 'docs/app-guide.md', 'test/test_app.py']);
    expect(rankFiles(files, 'sapy')).toEqual(['src/app.py', 'src/lib/apply.ts', 'test/test_app.py']);
    expect(rankFiles(files, 'zzz')).toEqual([]);
  });
  it('limits the list', () => {
    expect(rankFiles(files, '', 2)).toHaveLength(2);
  });
});

describe('splitCodeBlocks', () => {
  it('splits text and fenced code, and marks a block still streaming as incomplete', () => {
    expect(splitCodeBlocks('Try:\n```sh\necho hi\n```\nDone.')).toEqual([
      { kind: 'text', text: 'Try:' },
      { kind: 'code', lang: 'sh', code: 'echo hi', complete: true },
      { kind: 'text', text: 'Done.' },
    ]);
    expect(splitCodeBlocks('```py\nprint(1)')).toEqual([{ kind: 'code', lang: 'py', code: 'print(1)', complete: false }]);
  });
});
