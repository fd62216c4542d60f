#!/usr/bin/env bash
# Connects a local AI service to the demo tenant acme, for trying the AI features without an external provider:
# starts the stub OpenAI-compatible server (module test-support: deterministic streamed answers) on
# 127.0.0.1:${STUB_PORT:-18090} and registers it, as acme-admin, as acme's active AI service through the gateway.
#   infra/scripts/demo-ai-service.sh start | stop
# Needs the local stack (infra/scripts/start-local.sh). To use a real service instead (OpenAI, Azure OpenAI,
# LM Studio), register it the same way with POST /api/v1/ai-services (see README.md).
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STUB_PORT="${STUB_PORT:-18090}"
GATEWAY="http://127.0.0.1:8080"
IDP="http://localhost:8181"
OUT="${AICOCKPIT_BUILD}/bench"
PID_FILE="${AICOCKPIT_BUILD}/local/pids/stub-ai.pid"

stop() {
  if [[ -s "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    kill "$(cat "$PID_FILE")"
    ok "stub AI service stopped"
  fi
  rm -f "$PID_FILE"
}

start() {
  select_jdk 21
  curl -sf -o /dev/null "${GATEWAY}/actuator/health/readiness" \
    || die "the local stack is not running: infra/scripts/start-local.sh"
  mkdir -p "$OUT" "$(dirname "$PID_FILE")"
  if ! curl -sf -o /dev/null "http://127.0.0.1:${STUB_PORT}/v1/models"; then
    log "building the stub upstream (module test-support)"
    (cd "$AICOCKPIT_ROOT" && ./mvnw -B -q -pl test-support -am install -DskipTests </dev/null)
    (cd "$AICOCKPIT_ROOT" && ./mvnw -B -q -f bench/pom.xml compile dependency:build-classpath \
      -Dmdep.outputFile="${OUT}/classpath.txt" </dev/null)
    nohup java -Xmx512m -cp "${AICOCKPIT_ROOT}/bench/target/classes:$(cat "${OUT}/classpath.txt")" \
      io.aicockpit.testsupport.openai.StubOpenAiServer "$STUB_PORT" > "${OUT}/stub.log" 2>&1 &
    echo $! > "$PID_FILE"
    wait_for 30 "stub AI service" curl -sf -o /dev/null "http://127.0.0.1:${STUB_PORT}/v1/models"
  fi
  ok "stub AI service on http://127.0.0.1:${STUB_PORT}/v1 (log $(realpath --relative-to="$AICOCKPIT_ROOT" "${OUT}/stub.log"))"

  local admin service
  admin=$(curl -sf "${IDP}/acme/token" -d grant_type=password -d username=acme-admin -d password=demo \
    -d client_id=aicockpit-cli | jq -r .access_token)
  service=$(curl -s -X POST "${GATEWAY}/api/v1/ai-services" -H "Authorization: Bearer ${admin}" \
    -H 'Content-Type: application/json' -d '{"name":"local stub '"$(date +%H%M%S)"'","kind":"CUSTOM",
    "baseUrl":"http://127.0.0.1:'"${STUB_PORT}"'/v1","defaultModel":"gpt-stub"}' | jq -r .aiServiceId)
  [[ -n "$service" && "$service" != null ]] || die "could not register the stub as acme's AI service"
  curl -sf -X PUT "${GATEWAY}/api/v1/ai-services/active" -H "Authorization: Bearer ${admin}" \
    -H 'Content-Type: application/json' -d '{"aiServiceId":"'"${service}"'"}'
  local alice
  alice=$(curl -sf "${IDP}/acme/token" -d grant_type=password -d username=alice -d password=demo \
    -d client_id=aicockpit-cli | jq -r .access_token)
  wait_for 30 "ai-worker to know the service" \
    curl -sf -o /dev/null "${GATEWAY}/v1/models" -H "Authorization: Bearer ${alice}"
  ok "acme's active AI service: ${service}"
  echo "$service"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop" ;;
esac
