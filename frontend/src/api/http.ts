import { ApiError, networkProblem, parseProblem } from './problem';
import { accessToken, sessionRejected } from '../modules/auth/auth';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: BodyInit;
  signal?: AbortSignal;
}

/** Calls the gateway with the user's bearer token; non-2xx answers throw an ApiError carrying the problem. */
export async function api(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${accessToken()}`, ...opts.headers };
  let body: BodyInit | undefined = opts.raw;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? 'GET', headers, body, signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(networkProblem(e));
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    if (res.status === 401) sessionRejected();
    throw new ApiError(parseProblem(res.status, res.statusText, res.headers.get('content-type'), text), res.headers);
  }
  return res;
}

export async function apiJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await api(path, { ...opts, headers: { Accept: 'application/json', ...opts.headers } });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
