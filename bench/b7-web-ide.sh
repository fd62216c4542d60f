#!/usr/bin/env bash
# BRIEF B7: the web IDE in Chromium against the local stack. Runs the e2e walk (frontend/e2e/
# workspace-lifecycle.spec.mjs: real IdP login page, workspace list, create + start, open the IDE with
# Monaco and xterm, save a file, use the terminal) RUNS times and reports, with p50 and max:
#   - login redirect's return -> interactive workspace list   (target <= 1 s)
#   - "open workspace" -> editor and terminal loaded           (target <= 2 s)
#   - the first page's JavaScript, gzipped, as the build measured it (target <= 300 KB)
# Needs the local stack (infra/scripts/start-local.sh; SKIP_STACK_IMAGES=1 is enough: the walk uses busybox) with
# an AI service for acme (infra/scripts/demo-ai-service.sh start: the IDE's model picker asks for /v1/models),
# Debian's chromium and frontend/node_modules (npm ci). A report, never a pass/fail test.
#   bench/b7-web-ide.sh [RUNS]        (default 10; AICOCKPIT_GATEWAY=http://localhost:8080)
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/scripts/lib.sh"

runs="${1:-10}"
gateway="${AICOCKPIT_GATEWAY:-http://localhost:8080}"
frontend="${AICOCKPIT_ROOT}/frontend"
out="${AICOCKPIT_BUILD}/bench"
mkdir -p "$out"
curl -sf -o /dev/null "$gateway/" || die "no web app at $gateway: run infra/scripts/start-local.sh first"
[[ -x /usr/bin/chromium ]] || die "Chromium is missing: apt-get install -y --no-install-recommends chromium"
[[ -d "$frontend/node_modules/playwright-core" ]] || (cd "$frontend" && npm ci --no-audit --no-fund --loglevel=error)

# each walk starts a workspace of alice's; delete them between runs so acme's running quota never refuses one
idp="${AICOCKPIT_IDP:-http://localhost:8181}"
clean_up() {
  local token id
  token="$(curl -sf "$idp/acme/token" -d grant_type=password -d username=alice -d password=demo \
    -d client_id=aicockpit-cli | jq -r .access_token)"
  for id in $(curl -sf "$gateway/api/v1/workspaces?limit=200" -H "Authorization: Bearer $token" \
      | jq -r '.items[] | select(.name | startswith("e2e-")) | select(.status != "DELETED") | .id'); do
    curl -s -o /dev/null -X DELETE "$gateway/api/v1/workspaces/$id" -H "Authorization: Bearer $token"
  done
  wait_for 60 "alice's bench workspaces deleted" sh -c "! curl -sf '$gateway/api/v1/workspaces?limit=200' \
    -H 'Authorization: Bearer $token' | jq -e '.items[] | select(.name | startswith(\"e2e-\")) \
    | select(.status != \"DELETED\")' >/dev/null"
}

list=() open=()
for i in $(seq 1 "$runs"); do
  clean_up
  log_file="$out/b7-run-$i.log"
  if ! (cd "$frontend" && AICOCKPIT_E2E_BASE_URL="$gateway" AICOCKPIT_E2E_IDE=1 AICOCKPIT_E2E_NODE_APIS=1 \
        AICOCKPIT_E2E_AI=0 AICOCKPIT_E2E_SCREENSHOTS="$out/b7-screens" node e2e/workspace-lifecycle.spec.mjs \
        > "$log_file" 2>&1); then
    err "run $i failed, see $log_file"; tail -15 "$log_file" >&2; exit 1
  fi
  list+=("$(grep -oP 'interactive workspace list \K[0-9]+' "$log_file" | head -1)")
  open+=("$(grep -oP 'editor and terminal loaded \K[0-9]+' "$log_file" | head -1)")
  log "run $i: list ${list[-1]} ms, workspace ready ${open[-1]} ms"
done
clean_up

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%d ms | %d ms", a[int((NR+1)/2)], a[NR]}'; }
# the app as the gateway serves it (the Maven build writes it to target/classes/META-INF/resources)
first_page="$(cd "$frontend" && AICOCKPIT_FRONTEND_OUT="$frontend/target/classes/META-INF/resources" \
  node scripts/first-page-size.mjs 2>/dev/null | grep -o 'B7 first page JS: .*' || echo 'n/a (build first)')"
report="$out/b7-report.md"
{
  echo "# B7: web IDE in Chromium ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo)," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $runs runs against $gateway"
  echo
  echo "| measure | p50 | max | target |"
  echo "|---|---|---|---|"
  echo "| login redirect's return → interactive workspace list | $(stats "${list[@]}") | ≤ 1 s |"
  echo "| open workspace → editor and terminal loaded | $(stats "${open[@]}") | ≤ 2 s |"
  echo
  echo "First page: ${first_page#B7 first page JS: }"
} > "$report"
cat "$report"
