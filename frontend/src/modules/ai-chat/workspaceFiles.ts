import { listDir } from '../../api/files';

const SKIP = new Set(['.git', 'node_modules', '.venv', '__pycache__', 'target', 'dist', '.cache']);

/**
 * The workspace's file paths for `@` autocomplete: a breadth-first walk of the files API, bounded (directories and
 * files), skipping dependency and VCS folders.
 */
export async function workspaceFiles(ws: string, maxFiles = 2000, maxDirs = 200): Promise<string[]> {
  const files: string[] = [];
  const queue = [''];
  let dirs = 0;
  while (queue.length && files.length < maxFiles && dirs < maxDirs) {
    const dir = queue.shift()!;
    dirs += 1;
    const listing = await listDir(ws, dir).catch(() => null);
    if (!listing) continue;
    for (const e of listing.entries) {
      if (e.type === 'directory') {
        if (!SKIP.has(e.name)) queue.push(e.path);
      } else if (e.type === 'file' || e.type === 'symlink') {
        files.push(e.path);
      }
    }
  }
  return files;
}
