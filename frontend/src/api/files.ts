import { api, apiJson } from './http';

export interface FileEntry {
  name: string;
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size?: number;
  modifiedAt?: string;
  target?: string;
}

const base = (ws: string) => `/api/v1/workspaces/${ws}/files`;
const q = (p: string) => encodeURIComponent(p);

export const listDir = (ws: string, path: string) =>
  apiJson<{ path: string; entries: FileEntry[] }>(`${base(ws)}?path=${q(path)}`);

export async function readFile(ws: string, path: string): Promise<{ content: string; etag: string | null }> {
  const res = await api(`${base(ws)}/content?path=${q(path)}`);
  return { content: await res.text(), etag: res.headers.get('ETag') };
}

/** Writes a file; with etag only if unchanged since (412 file-changed otherwise), with etag null only if new. */
export async function writeFile(ws: string, path: string, content: string, etag?: string | null): Promise<string | null> {
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  if (etag) headers['If-Match'] = etag;
  if (etag === null) headers['If-None-Match'] = '*';
  const res = await api(`${base(ws)}/content?path=${q(path)}&createParents=true`, {
    method: 'PUT', headers, raw: new TextEncoder().encode(content),
  });
  return res.headers.get('ETag');
}

export const mkdir = (ws: string, path: string) =>
  api(`${base(ws)}/mkdir`, { method: 'POST', body: { path, parents: true } });
export const move = (ws: string, from: string, to: string) =>
  api(`${base(ws)}/move`, { method: 'POST', body: { from, to, overwrite: false } });
export const remove = (ws: string, path: string, recursive: boolean) =>
  api(`${base(ws)}?path=${q(path)}&recursive=${recursive}`, { method: 'DELETE' });

export async function upload(ws: string, dir: string, files: File[]): Promise<void> {
  const form = new FormData();
  files.forEach((f) => form.append('file', f, f.name));
  await api(`${base(ws)}/upload?path=${q(dir)}`, { method: 'POST', raw: form });
}

export const archiveUrl = (ws: string, dir: string) => `${base(ws)}/archive?path=${q(dir)}`;
