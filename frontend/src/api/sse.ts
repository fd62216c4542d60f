/** One server-sent event (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation). */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
  retry?: number;
}

/**
 * Incremental parser of a text/event-stream: feed it decoded text in any chunking, it calls onEvent per complete
 * event. Comments (heartbeats) are ignored; `id` is remembered across events as the spec's "last event ID".
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private eventType = '';
  private sawData = false;
  lastEventId: string | undefined;
  private pendingCr = false;

  constructor(private readonly onEvent: (e: SseEvent) => void) {}

  push(chunk: string): void {
    let text = chunk;
    // a CR at the end of the previous chunk may be the first half of CRLF
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = text.endsWith('\r');
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    if (this.pendingCr) {
      // "…\r" was split as a complete line already; nothing stays in the buffer
      this.buffer = '';
    }
    for (const line of lines) this.line(line);
  }

  /** The stream ended: a pending event without its blank line is dropped, as the spec says. */
  end(): void {
    this.buffer = '';
    this.reset();
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        this.sawData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.onEvent({ event: '__retry', data: '', retry: Number(value) });
        break;
      default:
        break;
    }
  }

  private dispatch(): void {
    if (this.sawData) {
      this.onEvent({ event: this.eventType || 'message', data: this.data.join('\n'), id: this.lastEventId });
    }
    this.reset();
  }

  private reset(): void {
    this.data = [];
    this.eventType = '';
    this.sawData = false;
  }
}

export interface SseOptions {
  url: string;
  headers: () => Promise<Record<string, string>> | Record<string, string>;
  onEvent: (e: SseEvent) => void;
  onState?: (state: 'connecting' | 'open' | 'reconnecting' | 'closed', error?: unknown) => void;
  /** Called with the HTTP status when the server refuses the stream (404: no such endpoint yet). */
  onRefused?: (status: number) => boolean;
  minDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Reads an event stream with fetch() (so it can send Authorization, which EventSource cannot) and reconnects with
 * exponential backoff, resuming from Last-Event-ID. Returns a function that stops it.
 */
export function openEventStream(opts: SseOptions): () => void {
  const controller = new AbortController();
  let lastId: string | undefined;
  let delay = opts.minDelayMs ?? 1000;
  let stopped = false;

  const run = async () => {
    while (!stopped) {
      opts.onState?.(lastId === undefined ? 'connecting' : 'reconnecting');
      try {
        const headers: Record<string, string> = { Accept: 'text/event-stream', ...(await opts.headers()) };
        if (lastId !== undefined) headers['Last-Event-ID'] = lastId;
        const res = await fetch(opts.url, { headers, signal: controller.signal, cache: 'no-store' });
        if (!res.ok || !res.body) {
          if (opts.onRefused && !opts.onRefused(res.status)) {
            stopped = true;
            opts.onState?.('closed');
            return;
          }
          throw new Error(`event stream answered ${res.status}`);
        }
        opts.onState?.('open');
        delay = opts.minDelayMs ?? 1000;
        const parser = new SseParser((e) => {
          if (e.event === '__retry') {
            if (e.retry !== undefined) delay = e.retry;
            return;
          }
          if (e.id !== undefined) lastId = e.id;
          opts.onEvent(e);
        });
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(value);
        }
        parser.end();
      } catch (e) {
        if (stopped || controller.signal.aborted) return;
        opts.onState?.('reconnecting', e);
      }
      if (stopped) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 30000);
    }
  };
  void run();
  return () => {
    stopped = true;
    controller.abort();
    opts.onState?.('closed');
  };
}
