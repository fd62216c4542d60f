import { describe, expect, it } from 'vitest';
import { SseEvent, SseParser } from './sse';

function parse(...chunks: string[]): { events: SseEvent[]; parser: SseParser } {
  const events: SseEvent[] = [];
  const parser = new SseParser((e) => events.push(e));
  chunks.forEach((c) => parser.push(c));
  return { events, parser };
}

describe('SseParser', () => {
  it('parses a named event with id and data', () => {
    const { events } = parse('event: workspace\nid: 42\ndata: {"id":"w1","status":"RUNNING"}\n\n');
    expect(events).toEqual([{ event: 'workspace', id: '42', data: '{"id":"w1","status":"RUNNING"}' }]);
  });

  it('joins multi-line data with newlines and defaults the type to message', () => {
    const { events } = parse('data: a\ndata: b\n\n');
    expect(events).toEqual([{ event: 'message', data: 'a\nb', id: undefined }]);
  });

  it('ignores comment heartbeats', () => {
    const { events } = parse(': heartbeat\n\n:\n\nevent: x\ndata: 1\n\n');
    expect(events.map((e) => e.data)).toEqual(['1']);
  });

  it('reassembles events split anywhere across chunks, also inside CRLF', () => {
    const { events } = parse('ev', 'ent: workspace\r', '\nid: 7\r\nda', 'ta: {"a":', '1}\r\n\r', '\n');
    expect(events).toEqual([{ event: 'workspace', id: '7', data: '{"a":1}' }]);
  });

  it('keeps the last event id for events that carry none', () => {
    const { events, parser } = parse('id: 5\ndata: x\n\ndata: y\n\n');
    expect(events.map((e) => e.id)).toEqual(['5', '5']);
    expect(parser.lastEventId).toBe('5');
  });

  it('does not dispatch an event without data or without its blank line', () => {
    const { events, parser } = parse('event: lonely\n\n', 'data: cut off');
    parser.end();
    expect(events).toEqual([]);
  });

  it('keeps only one leading space of a value', () => {
    const { events } = parse('data:  two\n\ndata:none\n\n');
    expect(events.map((e) => e.data)).toEqual([' two', 'none']);
  });
});
