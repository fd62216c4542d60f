import { describe, expect, it } from 'vitest';
import { assistEvents, ChatContext, StreamError } from './ai';
import { SseParser } from './sse';

describe('assistEvents', () => {
  it('turns a chat stream into context, deltas and done, in any chunking', () => {
    const deltas: string[] = [];
    let context: ChatContext | undefined;
    const parser = new SseParser(assistEvents({ onDelta: (t) => deltas.push(t), onContext: (c) => { context = c; } }));
    const wire = 'event: context\ndata: {"files":[{"path":"a.py","size":3,"bytes":3,"truncated":false}],'
      + '"missing":[{"path":"b","reason":"file-not-found"}]}\n\n: heartbeat\n\nevent: delta\ndata: {"text":"Hel"}\n\n'
      + 'event: delta\r\ndata: {"text":"lo\\n"}\r\n\r\nevent: done\ndata: {}\n\n';
    for (let i = 0; i < wire.length; i += 7) parser.push(wire.slice(i, i + 7));
    expect(context?.files[0].path).toBe('a.py');
    expect(context?.missing[0].reason).toBe('file-not-found');
    expect(deltas.join('')).toBe('Hello\n');
  });

  it('throws the stream\'s error event as a StreamError with its detail and request id', () => {
    const parser = new SseParser(assistEvents({ onDelta: () => {} }));
    expect(() => parser.push('event: error\ndata: {"status":502,"detail":"broke off","requestId":"r1"}\n\n'))
      .toThrowError(StreamError);
    try {
      new SseParser(assistEvents({ onDelta: () => {} })).push('event: error\ndata: {"detail":"x","requestId":"r2"}\n\n');
    } catch (e) {
      expect((e as StreamError).requestId).toBe('r2');
    }
  });
});
