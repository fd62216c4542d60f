#!/usr/bin/env bash
# Brings the whole AiCockpit platform up on this machine (a fresh Debian 12 works too):
#   PostgreSQL + Redis (started, or installed with apt, when absent), database `aicockpit`,
#   Docker engine (docker.io installed and dockerd started when absent), Kafka (KRaft, Maven jars),
#   workspace images, the build (./mvnw -DskipTests package), the local OIDC provider (mock-oauth2-server,
#   http://localhost:8181, issuers platform, acme, globex), then the services in the background:
#   command-side :8081, query-side :8082, container-worker :8083, ai-worker :8084, api-gateway :8080,
#   and finally the demo tenants acme and globex (infra/scripts/demo-tenants.sh).
# Re-running it is safe: whatever already runs is reused.
#
# Env: SKIP_BUILD=1          do not run the Maven build (use the jars in <module>/target)
#      SKIP_STACK_IMAGES=1   build only aicockpit/busybox:local, not the five stack images
#      AICOCKPIT_JAVA_OPTS   extra JVM options for every service
#      AICOCKPIT_SERVICE_TIMEOUT  seconds to wait for each service's readiness (120)
#      AICOCKPIT_KAFKA_PORT  Kafka port (9092)
#      AICOCKPIT_KAFKA_CREDENTIALS_FILE  the services' Kafka logins (infra/kafka/local-credentials.properties)
#      SKIP_DEMO_TENANTS=1   do not onboard the demo tenants
# Logs: build/local/logs/<module>.log   Pids: build/local/pids/<module>.pid   Gateway key: build/local/keys/
# Stop: infra/scripts/stop-local.sh [--purge-workspaces]
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LOCAL_DIR="${AICOCKPIT_BUILD}/local"
LOG_DIR="${LOCAL_DIR}/logs"
PID_DIR="${LOCAL_DIR}/pids"
SERVICE_TIMEOUT="${AICOCKPIT_SERVICE_TIMEOUT:-120}"
KAFKA_PORT="${AICOCKPIT_KAFKA_PORT:-9092}"
KAFKA_BOOTSTRAP="127.0.0.1:${KAFKA_PORT}"
PROJECT_VERSION="${AICOCKPIT_VERSION:-0.1.0-SNAPSHOT}"
IDP_PORT="${AICOCKPIT_IDP_PORT:-8181}"
# the issuer follows the Host header: the gateway and every client use "localhost", never 127.0.0.1
PLATFORM_ISSUER="http://localhost:${IDP_PORT}/platform"
GATEWAY_KEY="${LOCAL_DIR}/keys/gateway-internal.pem"
SECRETS_KEY_FILE="${LOCAL_DIR}/keys/secrets.key"
# AI services on this machine (LM Studio, the benchmark's stub) are allowed as outbound targets locally only
OUTBOUND_ALLOWLIST="${AICOCKPIT_OUTBOUND_ALLOWLIST:-127.0.0.1/32,localhost}"
DEMO_STATUS="not run"

# module:port, in start order (command-side first: it owns the event store schema)
SERVICES=(command-side:8081 query-side:8082 container-worker:8083 ai-worker:8084 api-gateway:8080)

declare -A STATUS=()

rel() { echo "${1#"$AICOCKPIT_ROOT"/}"; }

# HTTP status of a local URL, 000 when nothing answers.
http_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" 2>/dev/null || true
}

# service_ready PORT: readiness group UP (200). Falls back to /actuator/health when the
# readiness group is not enabled (404); a protected endpoint (401/403) counts as "serving".
service_ready() {
  local port="$1" code
  code="$(http_code "http://127.0.0.1:${port}/actuator/health/readiness")"
  case "$code" in
    200 | 401 | 403) return 0 ;;
    404)
      code="$(http_code "http://127.0.0.1:${port}/actuator/health")"
      [[ "$code" == 200 || "$code" == 401 || "$code" == 403 ]]
      ;;
    *) return 1 ;;
  esac
}

find_jar() {
  local module="$1" jar="${AICOCKPIT_ROOT}/$1/target/$1-${PROJECT_VERSION}-exec.jar" cand
  if [[ -f "$jar" ]]; then
    echo "$jar"
    return 0
  fi
  for cand in "${AICOCKPIT_ROOT}/${module}/target/${module}"-*-exec.jar; do
    [[ -f "$cand" ]] && { echo "$cand"; return 0; }
  done
  return 1
}

start_service() {
  local module="$1" port="$2"
  shift 2
  local jar pidf="${PID_DIR}/${module}.pid" logf="${LOG_DIR}/${module}.log"
  if ! jar="$(find_jar "$module")"; then
    warn "${module}: no jar ${module}/target/${module}-${PROJECT_VERSION}-exec.jar, not starting it (build: ./mvnw -B -DskipTests package)"
    STATUS[$module]="not started (no jar)"
    return 0
  fi
  if pid_alive "$pidf" && service_ready "$port"; then
    ok "${module} already running on :${port} (pid $(cat "$pidf"))"
    STATUS[$module]="running (pid $(cat "$pidf"))"
    return 0
  fi
  if ! pid_alive "$pidf"; then
    if port_open "$port"; then
      err "${module}: port ${port} is taken by another process:"
      ss -ltnp "sport = :${port}" 2>/dev/null | tail -n +2 >&2 || true
      exit 1
    fi
    mkdir -p "$LOG_DIR" "$PID_DIR"
    [[ -f "$logf" ]] && mv -f "$logf" "${logf}.1"
    log "starting ${module} on :${port} ($(rel "$jar"))"
    # shellcheck disable=SC2086 # AICOCKPIT_JAVA_OPTS is a list of options
    spawn_daemon "$pidf" "$logf" env \
      SERVER_PORT="$port" \
      AICOCKPIT_KAFKA_BOOTSTRAP="$KAFKA_BOOTSTRAP" \
      AICOCKPIT_KAFKA_USERNAME="$module" \
      AICOCKPIT_KAFKA_PASSWORD="$(kafka_password "$module")" \
      AXONIQ_UPDATE_CHECKER_DISABLED=true \
      "$@" \
      "${JAVA_HOME}/bin/java" -Xmx512m -Daxoniq.update-checker.disabled=true --enable-native-access=ALL-UNNAMED \
      ${AICOCKPIT_JAVA_OPTS:-} -jar "$jar"
  else
    log "${module} (pid $(cat "$pidf")) is starting, waiting for it"
  fi
  local t0
  t0="$(now_ms)"
  if ! WAIT_FOR_ABORT="! pid_alive '$pidf'" WAIT_FOR_ABORT_REASON="${module} exited" \
      wait_for "$SERVICE_TIMEOUT" "${module} readiness (http://127.0.0.1:${port}/actuator/health/readiness)" \
      service_ready "$port"; then
    err "${module} did not become ready; last 40 lines of $(rel "$logf"):"
    tail -n 40 "$logf" >&2 || true
    stop_pidfile "$pidf" "$module" 10
    err "services started before ${module} keep running; stop them with infra/scripts/stop-local.sh"
    exit 1
  fi
  ok "${module} ready on :${port} in $(fmt_ms $(( $(now_ms) - t0 ))) (pid $(cat "$pidf"))"
  STATUS[$module]="running (pid $(cat "$pidf"))"
}

# ensure_gateway_key: the gateway's ES256 key for X-AiCockpit-Identity, generated once (EC P-256, PKCS#8 PEM) so
# that tokens stay verifiable across gateway restarts.
ensure_gateway_key() {
  if [[ -s "$GATEWAY_KEY" ]]; then
    ok "gateway internal-token key: $(rel "$GATEWAY_KEY")"
    return 0
  fi
  mkdir -p "$(dirname "$GATEWAY_KEY")"
  chmod 700 "$(dirname "$GATEWAY_KEY")"
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "${GATEWAY_KEY}.tmp") \
    || die "openssl could not generate the gateway key"
  mv -f "${GATEWAY_KEY}.tmp" "$GATEWAY_KEY"
  ok "gateway internal-token key generated: $(rel "$GATEWAY_KEY")"
}

# The master key that encrypts tenants' AI service API keys (AES-256-GCM); made once, kept under build/local/keys.
ensure_secrets_key() {
  if [[ ! -s "$SECRETS_KEY_FILE" ]]; then
    mkdir -p "$(dirname "$SECRETS_KEY_FILE")"
    chmod 700 "$(dirname "$SECRETS_KEY_FILE")"
    (umask 077 && openssl rand -base64 32 > "${SECRETS_KEY_FILE}.tmp") || die "openssl could not generate the secrets key"
    mv -f "${SECRETS_KEY_FILE}.tmp" "$SECRETS_KEY_FILE"
    ok "secrets master key generated: $(rel "$SECRETS_KEY_FILE")"
  fi
  AICOCKPIT_SECRETS_KEY="$(cat "$SECRETS_KEY_FILE")"
}

demo_tenants() {
  if [[ "${SKIP_DEMO_TENANTS:-0}" == 1 ]]; then
    log "SKIP_DEMO_TENANTS=1: not onboarding the demo tenants"
    DEMO_STATUS="skipped (SKIP_DEMO_TENANTS=1)"
    return 0
  fi
  if [[ "${STATUS[api-gateway]:-}" != running* || "${STATUS[command-side]:-}" != running* ]]; then
    warn "api-gateway or command-side is not running: not onboarding the demo tenants"
    DEMO_STATUS="not run (api-gateway or command-side missing)"
    return 0
  fi
  AICOCKPIT_IDP_PORT="$IDP_PORT" "${AICOCKPIT_ROOT}/infra/scripts/demo-tenants.sh" \
    || die "onboarding the demo tenants failed (re-run infra/scripts/demo-tenants.sh)"
  DEMO_STATUS="ready"
}

summary() {
  local entry module port
  echo
  echo "AiCockpit local stack"
  printf '  %-18s %-30s %-22s %s\n' "component" "listens on" "status" "log"
  printf '  %-18s %-30s %-22s %s\n' "---------" "----------" "------" "---"
  for entry in "${SERVICES[@]}"; do
    module="${entry%%:*}"
    port="${entry##*:}"
    printf '  %-18s %-30s %-22s %s\n' "$module" "http://127.0.0.1:${port}" "${STATUS[$module]:-?}" "build/local/logs/${module}.log"
  done
  printf '  %-18s %-30s %-22s %s\n' "local IdP" "http://localhost:${IDP_PORT}" "running" "build/local/logs/idp.log"
  printf '  %-18s %-30s %-22s %s\n' "kafka" "$KAFKA_BOOTSTRAP" "running" "build/kafka/kafka.log"
  printf '  %-18s %-30s %-22s %s\n' "postgresql" "127.0.0.1:5432 (db aicockpit)" "running" "/var/log/postgresql/"
  printf '  %-18s %-30s %-22s %s\n' "redis" "127.0.0.1:6379" "running" "/var/log/redis/"
  printf '  %-18s %-30s %-22s %s\n' "docker engine" "unix:///var/run/docker.sock" "running" "/var/log/dockerd.log"
  echo
  echo "  API gateway: http://localhost:8080     health: http://127.0.0.1:<port>/actuator/health"
  echo
  echo "  Web IDE: open http://localhost:8080/ and sign in (or go straight to http://localhost:8080/t/acme)"
  echo "    organization acme:   alice, bob (DEVELOPER), acme-admin (ORG_ADMIN), acme-auditor (AUDITOR)"
  echo "    organization globex: carol (DEVELOPER), globex-admin (ORG_ADMIN)"
  echo "    platform operators (admin console, tenants): http://localhost:8080/t/_platform as operator"
  echo "    the local IdP's login page asks only for the user name (leave the claims box as it is)"
  echo
  echo "  Demo tenants (${DEMO_STATUS}); any password works, tokens last 1 h; walkthrough: README.md \"Try it\""
  printf '    %-9s %-40s %s\n' "tenant" "token endpoint" "logins" \
    "acme" "http://localhost:${IDP_PORT}/acme/token" "password grant: alice, bob (DEVELOPER), acme-admin (ORG_ADMIN)" \
    "" "" "client_credentials, any client id: INTEGRATION" \
    "globex" "http://localhost:${IDP_PORT}/globex/token" "password grant: carol (DEVELOPER), globex-admin (ORG_ADMIN)" \
    "" "" "client_credentials, any client id: INTEGRATION" \
    "platform" "http://localhost:${IDP_PORT}/platform/token" "client_credentials, any client id: PLATFORM_OPERATOR"
  echo "  e.g.  curl -s localhost:${IDP_PORT}/acme/token -d grant_type=password -d username=alice -d password=demo -d client_id=cli"
  echo
  echo "  Kafka integrations (SASL/SCRAM on ${KAFKA_BOOTSTRAP}; guide: docs/integrations.md): a demo credential for acme's events:"
  echo "    ADMIN=\$(curl -s localhost:${IDP_PORT}/acme/token -d grant_type=password -d username=acme-admin -d password=demo -d client_id=cli | jq -r .access_token)"
  echo "    curl -s -X POST localhost:8080/api/v1/integrations/credentials -H \"Authorization: Bearer \$ADMIN\" \\"
  echo "      -H 'Content-Type: application/json' -d '{\"name\":\"demo\"}' | tee credential.json   # the secret is shown once"
  echo
  echo "  Stop:  infra/scripts/stop-local.sh                      (services, IdP, Kafka; PostgreSQL/Redis/Docker stay up)"
  echo "         infra/scripts/stop-local.sh --purge-workspaces   (also removes workspace containers and volumes)"
  echo
}

main() {
  phase_begin "PostgreSQL, Redis"
  ensure_postgres
  ensure_database aicockpit
  ensure_redis
  command -v curl >/dev/null 2>&1 || apt_install curl ca-certificates
  command -v openssl >/dev/null 2>&1 || apt_install openssl
  command -v jq >/dev/null 2>&1 || apt_install jq   # not needed by the scripts; README.md's walkthrough uses it

  phase_begin "Docker engine"
  ensure_docker

  phase_begin "Kafka"
  "${AICOCKPIT_ROOT}/infra/scripts/kafka.sh" start

  phase_begin "workspace images"
  "${AICOCKPIT_ROOT}/infra/images/build.sh" busybox
  if [[ "${SKIP_STACK_IMAGES:-0}" == 1 ]]; then
    log "SKIP_STACK_IMAGES=1: not building the stack images (workspaces need them: infra/images/build.sh stacks)"
  else
    log "stack images: building them takes a few minutes the first time (SKIP_STACK_IMAGES=1 skips)"
    "${AICOCKPIT_ROOT}/infra/images/build.sh" stacks
  fi

  phase_begin "build"
  select_jdk 21
  if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    log "SKIP_BUILD=1: using the jars already in <module>/target"
  else
    log "./mvnw -B -q -DskipTests package"
    mvnw -B -q -DskipTests package || die "the build failed (./mvnw -B -DskipTests package)"
  fi

  phase_begin "local IdP"
  AICOCKPIT_IDP_PORT="$IDP_PORT" "${AICOCKPIT_ROOT}/infra/idp/idp.sh" start

  phase_begin "services"
  ensure_gateway_key
  ensure_secrets_key
  local entry module port
  for entry in "${SERVICES[@]}"; do
    module="${entry%%:*}"
    port="${entry##*:}"
    case "$module" in
      container-worker) start_service "$module" "$port" AICOCKPIT_CONTAINER_WORKER_NODE_ID=local-node-1 \
          AICOCKPIT_CONTAINER_WORKER_API_URI="http://127.0.0.1:${port}" ;;
      api-gateway)
        start_service "$module" "$port" \
          AICOCKPIT_GATEWAY_PLATFORM_ISSUER="$PLATFORM_ISSUER" \
          AICOCKPIT_GATEWAY_INTERNAL_TOKEN_PRIVATE_KEY="$GATEWAY_KEY"
        ;;
      command-side)
        # the provisioning principal creates tenants' topics and integration credentials (docs/integrations.md)
        start_service "$module" "$port" \
          AICOCKPIT_KAFKA_PROVISIONER_USERNAME=provisioner \
          AICOCKPIT_KAFKA_PROVISIONER_PASSWORD="$(kafka_password provisioner)" \
          AICOCKPIT_SECRETS_KEY="$AICOCKPIT_SECRETS_KEY" \
          AICOCKPIT_OUTBOUND_ALLOWLIST="$OUTBOUND_ALLOWLIST"
        ;;
      ai-worker)
        start_service "$module" "$port" \
          AICOCKPIT_SECRETS_KEY="$AICOCKPIT_SECRETS_KEY" \
          AICOCKPIT_OUTBOUND_ALLOWLIST="$OUTBOUND_ALLOWLIST"
        ;;
      *) start_service "$module" "$port" ;;
    esac
  done

  phase_begin "demo tenants"
  demo_tenants
  phase_summary
  summary
}

main "$@"
