import { api, apiJson } from './http';
import { SseEvent, SseParser } from './sse';

const base = (ws: string) => `/api/v1/workspaces/${ws}/ai`;

/** A problem sent inside an event stream (`event: error`) after the answer had begun. */
export class StreamError extends Error {
  constructor(readonly detail: string, readonly requestId?: string) {
    super(detail);
  }
}

/**
 * POSTs a JSON body and reads the `text/event-stream` answer event by event (fetch, so Authorization can be sent);
 * non-2xx answers throw the ApiError of their problem. Resolves when the stream ends; aborting the signal cancels
 * the request (the server cancels the model call).
 */
export async function postEventStream(path: string, body: unknown, onEvent: (e: SseEvent) => void,
  signal?: AbortSignal): Promise<void> {
  const res = await api(path, { method: 'POST', body, headers: { Accept: 'text/event-stream' }, signal });
  if (!res.body) return;
  const parser = new SseParser(onEvent);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  parser.end();
}

export interface DeltaHandlers {
  onDelta: (text: string) => void;
  onContext?: (ctx: ChatContext) => void;
}

/** Dispatches the assist streams' events: delta text, context, done; `error` becomes a thrown StreamError. */
export function assistEvents(h: DeltaHandlers): (e: SseEvent) => void {
  return (e) => {
    if (e.event === 'delta') h.onDelta((JSON.parse(e.data) as { text: string }).text);
    else if (e.event === 'context') h.onContext?.(JSON.parse(e.data) as ChatContext);
    else if (e.event === 'error') {
      const p = JSON.parse(e.data) as { detail?: string; requestId?: string };
      throw new StreamError(p.detail ?? 'The AI answer broke off.', p.requestId);
    }
  };
}

export interface CompletionRequest {
  prefix: string;
  suffix: string;
  language: string;
  path: string;
  snippets: { path: string; content: string }[];
  maxTokens?: number;
}

export async function complete(ws: string, req: CompletionRequest, signal?: AbortSignal): Promise<string> {
  const r = await apiJson<{ completion: string }>(`${base(ws)}/complete`, { method: 'POST', body: req, signal });
  return r.completion ?? '';
}

export interface EditRequest {
  instruction: string;
  selection: string;
  before: string;
  after: string;
  language: string;
  path: string;
}

export const editStream = (ws: string, req: EditRequest, onDelta: (t: string) => void, signal?: AbortSignal) =>
  postEventStream(`${base(ws)}/edit`, req, assistEvents({ onDelta }), signal);

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatContext {
  files: { path: string; size: number; bytes: number; truncated: boolean }[];
  missing: { path: string; reason: string; detail?: string }[];
}

export const chatStream = (ws: string, req: { messages: ChatMessage[]; model?: string; maxTokens?: number },
  h: DeltaHandlers, signal?: AbortSignal) => postEventStream(`${base(ws)}/chat`, req, assistEvents(h), signal);

export interface CommandSuggestion {
  id: string;
  command: string;
  explanation?: string | null;
  requiresConfirmation: boolean;
  expiresAt: string;
}

export const describeCommand = (ws: string, request: string, signal?: AbortSignal) =>
  apiJson<CommandSuggestion>(`${base(ws)}/command`, { method: 'POST', body: { request, shell: 'sh', cwd: '/workspace' }, signal });

/** Records the user's confirmation (audited) before the command is typed into their terminal. */
export const confirmCommand = (ws: string, id: string) =>
  apiJson<{ suggestionId: string; command: string; typedIntoTerminal: boolean }>(
    `${base(ws)}/command/${encodeURIComponent(id)}/confirm`, { method: 'POST', body: {} });

export async function listModels(signal?: AbortSignal): Promise<string[]> {
  const r = await apiJson<{ data?: { id: string }[] }>('/v1/models', { signal });
  return (r.data ?? []).map((m) => m.id);
}
