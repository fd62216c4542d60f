import { DragEvent, useCallback, useEffect, useState } from 'react';
import { archiveUrl, FileEntry, listDir, mkdir, move, remove, upload } from '../../api/files';
import { ApiError, describeProblem } from '../../api/problem';
import { openEventStream } from '../../api/sse';
import { accessToken } from '../../modules/auth/auth';
import { api } from '../../api/http';

const parent = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/** The workspace's files: directories load when expanded; changes made in the terminal arrive as events. */
export function FileTree({ workspaceId, onOpen, onRemoved }: {
  workspaceId: string;
  onOpen: (path: string) => void;
  onRemoved: (path: string) => void;
}) {
  const [dirs, setDirs] = useState<Record<string, FileEntry[] | undefined>>({});
  const [open, setOpen] = useState<Set<string>>(new Set(['']));
  const [selected, setSelected] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState(false);

  const load = useCallback(async (dir: string) => {
    try {
      const r = await listDir(workspaceId, dir);
      setDirs((d) => ({ ...d, [dir]: r.entries }));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? describeProblem(e.problem) : String(e));
    }
  }, [workspaceId]);

  useEffect(() => {
    void load('');
  }, [load]);

  // created/modified/deleted paths from the node: reload the directories that are open and affected
  useEffect(() => openEventStream({
    url: `/api/v1/workspaces/${workspaceId}/files/changes`,
    headers: () => ({ Authorization: `Bearer ${accessToken()}` }),
    onEvent: (e) => {
      if (e.event !== 'change') return;
      try {
        const { path } = JSON.parse(e.data) as { path: string };
        const dir = parent(path.replace(/^\/+/, ''));
        setOpen((o) => {
          if (o.has(dir)) void load(dir);
          return o;
        });
      } catch {
        // ignore a malformed event
      }
    },
    onRefused: (status) => status >= 500,
  }), [workspaceId, load]);

  const selectedDir = () => {
    const entry = Object.values(dirs).flat().find((e) => e?.path === selected);
    return entry?.type === 'directory' ? selected : parent(selected);
  };

  const run = async (what: () => Promise<unknown>, reloadDirs: string[]) => {
    try {
      await what();
      await Promise.all([...new Set(reloadDirs)].map(load));
    } catch (e) {
      setError(e instanceof ApiError ? describeProblem(e.problem) : String(e));
    }
  };

  const newFile = () => {
    const dir = selectedDir();
    const name = window.prompt(`New file in /${dir}`);
    if (!name) return;
    const path = join(dir, name);
    void run(() => api(`/api/v1/workspaces/${workspaceId}/files/content?path=${encodeURIComponent(path)}&createParents=true`,
      { method: 'PUT', raw: new Uint8Array(), headers: { 'If-None-Match': '*', 'Content-Type': 'application/octet-stream' } }),
      [dir]).then(() => {
      setOpen((o) => new Set(o).add(dir));
      onOpen(path);
    });
  };
  const newFolder = () => {
    const dir = selectedDir();
    const name = window.prompt(`New folder in /${dir}`);
    if (name) void run(() => mkdir(workspaceId, join(dir, name)), [dir]);
  };
  const rename = () => {
    if (!selected) return;
    const to = window.prompt('Rename or move to', selected);
    if (to && to !== selected) {
      void run(() => move(workspaceId, selected, to), [parent(selected), parent(to)]).then(() => onRemoved(selected));
    }
  };
  const del = () => {
    if (!selected) return;
    const entry = Object.values(dirs).flat().find((e) => e?.path === selected);
    const isDir = entry?.type === 'directory';
    if (window.confirm(`Delete ${isDir ? 'folder' : 'file'} ${selected}${isDir ? ' and everything in it' : ''}?`)) {
      void run(() => remove(workspaceId, selected, isDir), [parent(selected)]).then(() => {
        onRemoved(selected);
        setSelected('');
      });
    }
  };
  const download = async () => {
    const dir = selectedDir();
    try {
      const res = await api(archiveUrl(workspaceId, dir));
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${dir.split('/').pop() || 'workspace'}.tar.gz`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(e instanceof ApiError ? describeProblem(e.problem) : String(e));
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDragOver(false);
    const files = Array.from(e.dataTransfer.files);
    const dir = selectedDir();
    if (files.length) void run(() => upload(workspaceId, dir, files), [dir]);
  };

  const toggle = (entry: FileEntry) => {
    setSelected(entry.path);
    if (entry.type !== 'directory') {
      onOpen(entry.path);
      return;
    }
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(entry.path)) n.delete(entry.path);
      else {
        n.add(entry.path);
        if (!dirs[entry.path]) void load(entry.path);
      }
      return n;
    });
  };

  const renderDir = (dir: string, depth: number) => {
    const entries = dirs[dir];
    if (!entries) {
      return error && depth === 0 ? null : <li className="muted" style={{ paddingLeft: depth * 12 + 8 }}>Loading…</li>;
    }
    if (entries.length === 0 && depth === 0) return <li className="muted empty">No files yet.</li>;
    return entries.map((e) => (
      <li key={e.path} role="treeitem" aria-expanded={e.type === 'directory' ? open.has(e.path) : undefined}
        aria-selected={selected === e.path}>
        <button className={`node ${selected === e.path ? 'selected' : ''}`} style={{ paddingLeft: depth * 12 + 8 }}
          onClick={() => toggle(e)} data-testid={`file-${e.path}`}>
          {e.type === 'directory' ? (open.has(e.path) ? '▾ ' : '▸ ') : '  '}{e.name}
          {e.type === 'symlink' && <span className="muted"> → {e.target}</span>}
        </button>
        {e.type === 'directory' && open.has(e.path) && <ul role="group">{renderDir(e.path, depth + 1)}</ul>}
      </li>
    ));
  };

  return (
    <nav className={`file-tree ${dragOver ? 'drag' : ''}`} aria-label="Files"
      onDragOver={(e) => { e.preventDefault(); setDragOver(true); }} onDragLeave={() => setDragOver(false)} onDrop={drop}>
      <div className="tree-bar">
        <button onClick={newFile} title="New file" aria-label="New file">+ File</button>
        <button onClick={newFolder} title="New folder" aria-label="New folder">+ Folder</button>
        <button onClick={rename} disabled={!selected} title="Rename or move" aria-label="Rename">Rename</button>
        <button onClick={del} disabled={!selected} title="Delete" aria-label="Delete">Delete</button>
        <label className="button" title="Upload files" aria-label="Upload files">Upload
          <input type="file" multiple hidden onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            const dir = selectedDir();
            if (files.length) void run(() => upload(workspaceId, dir, files), [dir]);
            e.target.value = '';
          }} />
        </label>
        <button onClick={() => void download()} title="Download folder as .tar.gz" aria-label="Download folder">Download</button>
        <button onClick={() => void load('')} title="Refresh" aria-label="Refresh">Refresh</button>
      </div>
      {error && <div role="alert" className="error small">{error}</div>}
      <ul role="tree" aria-label="Workspace files">{renderDir('', 0)}</ul>
    </nav>
  );
}
