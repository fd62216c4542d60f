import { WorkspaceStatus } from '../api/workspaces';

export function StatusBadge({ status }: { status: WorkspaceStatus }) {
  return <span className={`badge badge-${status.toLowerCase()}`} data-testid="status">{status}</span>;
}
