#!/usr/bin/env bash
# Opens a workspace's shell through the gateway in this terminal (docs/terminal.md).
#   infra/scripts/terminal.sh <workspace-id> [terminal-id]
# Environment: AICOCKPIT_TOKEN (a bearer token of the workspace's owner or an org admin; required),
# AICOCKPIT_GATEWAY (default http://localhost:8080). Ctrl+] detaches: the shell keeps running on the node for its
# grace period (5 minutes by default) and the printed terminal id reattaches to it, replaying what was missed.
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -ge 1 ]] || die "usage: $0 <workspace-id> [terminal-id]"
[[ -n "${AICOCKPIT_TOKEN:-}" ]] || die "set AICOCKPIT_TOKEN to a bearer token (see README: log in as alice)"
select_jdk 21 >/dev/null
gateway="${AICOCKPIT_GATEWAY:-http://localhost:8080}"
read -r rows cols < <(stty size 2>/dev/null || echo "24 80")
# a pseudo-terminal without a size (script(1), some CI runners) says "0 0"; the node refuses sizes below 1
((rows > 0 && cols > 0)) || { rows=24; cols=80; }
saved="$(stty -g 2>/dev/null || true)"
restore() { [[ -n "$saved" ]] && stty "$saved" 2>/dev/null || true; }
trap restore EXIT
[[ -t 0 ]] && stty raw -echo
"$JAVA_HOME/bin/java" "${AICOCKPIT_ROOT}/infra/tools/TerminalClient.java" \
  "$gateway" "$1" "$AICOCKPIT_TOKEN" "$cols" "$rows" "${2:-}"
