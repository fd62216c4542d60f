#!/usr/bin/env bash
# Onboards the two demo tenants of the local stack through the API gateway, as a platform operator:
#   acme   (issuer http://localhost:8181/acme)    users alice, bob (DEVELOPER), acme-admin (ORG_ADMIN)
#   globex (issuer http://localhost:8181/globex)  users carol (DEVELOPER), globex-admin (ORG_ADMIN)
# For each tenant: POST /api/v1/tenants (201, or 409 when it exists), then
# PUT /api/v1/tenants/{id}/identity-provider (issuer, audience aicockpit, role claim roles).
# Safe to re-run. Needs the local IdP (infra/idp/idp.sh) and the services (start-local.sh) running.
#
# Env: AICOCKPIT_GATEWAY_URL (http://localhost:8080), AICOCKPIT_IDP_PORT (8181)
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GATEWAY="${AICOCKPIT_GATEWAY_URL:-http://localhost:8080}"
IDP="http://localhost:${AICOCKPIT_IDP_PORT:-8181}"
OPERATOR_CLIENT=aicockpit-operator

# tenant id and display name
DEMO_TENANTS=("acme:Acme Corp" "globex:Globex Inc")

QUOTAS='{"maxRunningWorkspaces":3,
  "defaultLimits":{"memoryMiB":256,"swapMiB":0,"cpus":0.5,"pids":128},
  "maxLimits":{"memoryMiB":2048,"swapMiB":512,"cpus":2,"pids":1024}}'

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# call METHOD PATH [BODY] -> prints the HTTP status; the body is in $WORK/body
call() {
  local method="$1" path="$2" body="${3:-}"
  local args=(-s -o "${WORK}/body" -w '%{http_code}' --max-time 60 -X "$method"
    -H "Authorization: Bearer ${TOKEN}" -H 'Accept: application/json')
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "${GATEWAY}${path}" || echo 000
}

fail() {
  err "$1: HTTP $2"
  cat "${WORK}/body" >&2 2>/dev/null && echo >&2
  exit 1
}

# platform operator token: client credentials at the platform issuer (sub = client id, aud aicockpit-platform)
TOKEN="$(curl -sf --max-time 10 "${IDP}/platform/token" -u "${OPERATOR_CLIENT}:local-secret" \
  -d grant_type=client_credentials | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')" \
  || die "no operator token from ${IDP}/platform/token (is the local IdP up? infra/idp/idp.sh start)"
[[ -n "$TOKEN" ]] || die "no access_token in the answer of ${IDP}/platform/token"

for entry in "${DEMO_TENANTS[@]}"; do
  id="${entry%%:*}"
  name="${entry#*:}"
  code="$(call POST /api/v1/tenants "{\"id\":\"${id}\",\"name\":\"${name}\",\"quotas\":${QUOTAS}}")"
  case "$code" in
    201) ok "tenant ${id} created" ;;
    409) ok "tenant ${id} exists" ;;
    *) fail "POST /api/v1/tenants (${id})" "$code" ;;
  esac
  code="$(call PUT "/api/v1/tenants/${id}/identity-provider" \
    "{\"issuer\":\"${IDP}/${id}\",\"audiences\":[\"aicockpit\"],\"roleClaim\":\"roles\",\"roleMapping\":{}}")"
  [[ "$code" == 200 ]] || fail "PUT /api/v1/tenants/${id}/identity-provider" "$code"
  ok "tenant ${id}: identity provider ${IDP}/${id} registered (audience aicockpit, role claim roles)"
done
