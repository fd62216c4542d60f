/** An RFC 9457 problem as the platform writes it (type urn:aicockpit:problem:<kind>). */
export interface Problem {
  type: string;
  kind: string;
  title: string;
  status: number;
  detail: string;
  requestId?: string;
  errors?: { field: string; reason: string }[];
}

/** Thrown by the API client for every non-2xx answer. */
export class ApiError extends Error {
  constructor(public readonly problem: Problem, public readonly headers?: Headers) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
  get kind(): string {
    return this.problem.kind;
  }
}

const PREFIX = 'urn:aicockpit:problem:';

/** Reads a problem from a response body; anything else (HTML from a proxy, empty body) becomes a generic one. */
export function parseProblem(status: number, statusText: string, contentType: string | null, body: string): Problem {
  if (body && contentType && /json/i.test(contentType)) {
    try {
      const p = JSON.parse(body) as Record<string, unknown>;
      const type = typeof p.type === 'string' ? p.type : 'about:blank';
      return {
        type,
        kind: type.startsWith(PREFIX) ? type.slice(PREFIX.length) : type === 'about:blank' ? kindOf(status) : type,
        title: typeof p.title === 'string' ? p.title : statusText || String(status),
        status: typeof p.status === 'number' ? p.status : status,
        detail: typeof p.detail === 'string' ? p.detail : typeof p.message === 'string' ? p.message : '',
        requestId: typeof p.requestId === 'string' ? p.requestId : undefined,
        errors: Array.isArray(p.errors)
          ? (p.errors as { field?: unknown; reason?: unknown }[]).map((e) => ({
              field: String(e.field ?? ''),
              reason: String(e.reason ?? ''),
            }))
          : undefined,
      };
    } catch {
      // fall through: not JSON after all
    }
  }
  return { type: 'about:blank', kind: kindOf(status), title: statusText || String(status), status, detail: '' };
}

function kindOf(status: number): string {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition-failed';
    case 413:
      return 'payload-too-large';
    case 429:
      return 'too-many-requests';
    default:
      return status >= 500 ? 'server-error' : 'error';
  }
}

/** One sentence for the user: the detail, with field errors, and the request id to quote to support. */
export function describeProblem(p: Problem): string {
  const friendly: Record<string, string> = {
    'tenant-quota-exceeded': 'Your organization has reached its quota of running workspaces.',
    'workspace-busy': 'Another action on this workspace is still in progress.',
    'invalid-state': 'The workspace is not in a state that allows this.',
    'network-error': 'The server could not be reached. Check your connection.',
  };
  const head = p.detail || friendly[p.kind] || p.title;
  const fields = p.errors?.length ? ' (' + p.errors.map((e) => `${e.field}: ${e.reason}`).join('; ') + ')' : '';
  const id = p.requestId ? ` [request ${p.requestId}]` : '';
  return head + fields + id;
}

export function networkProblem(e: unknown): Problem {
  return {
    type: PREFIX + 'network-error',
    kind: 'network-error',
    title: 'Network error',
    status: 0,
    detail: 'The server could not be reached' + (e instanceof Error && e.message ? `: ${e.message}` : '.'),
  };
}
