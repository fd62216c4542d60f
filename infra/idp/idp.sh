#!/usr/bin/env bash
# Local OIDC provider: mock-oauth2-server 6.0.2 standalone, from Maven Central jars, on 127.0.0.1:8181.
#
#   infra/idp/idp.sh start    resolve the jars (once), start the server, wait until it answers
#   infra/idp/idp.sh stop     stop the server this script started (pid file)
#   infra/idp/idp.sh status   exit 0 when the provider answers on its port
#
# Every path prefix is an issuer: http://localhost:8181/<issuer-id>. The issuer in tokens and discovery follows
# the Host header of the request, so clients (curl, the gateway) must all use http://localhost:8181.
# Issuers, users and claims: infra/idp/mock-oauth2.json (see infra/README.md, "Local OIDC provider").
# Env: AICOCKPIT_IDP_PORT (8181), AICOCKPIT_IDP_START_TIMEOUT (60 seconds)
# State: jars build/idp/libs, log build/local/logs/idp.log, pid build/local/pids/idp.pid
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

IDP_PORT="${AICOCKPIT_IDP_PORT:-8181}"
IDP_START_TIMEOUT="${AICOCKPIT_IDP_START_TIMEOUT:-60}"
IDP_POM="${AICOCKPIT_ROOT}/infra/idp/pom.xml"
IDP_CONFIG="${AICOCKPIT_ROOT}/infra/idp/mock-oauth2.json"
IDP_LIBS="${AICOCKPIT_BUILD}/idp/libs"
IDP_PID="${AICOCKPIT_BUILD}/local/pids/idp.pid"
IDP_LOG="${AICOCKPIT_BUILD}/local/logs/idp.log"
IDP_MAIN=no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt

usage() {
  echo "usage: $0 start|stop|status" >&2
  exit 2
}

# The provider answers as the local IdP: the platform issuer's discovery names http://localhost:<port>/platform.
idp_ready() {
  curl -sf --max-time 3 "http://localhost:${IDP_PORT}/platform/.well-known/openid-configuration" 2>/dev/null \
    | grep -q "\"http://localhost:${IDP_PORT}/platform\""
}

resolve_jars() {
  local stamp="${IDP_LIBS}/.resolved" want
  want="$(sha256sum "$IDP_POM" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && compgen -G "${IDP_LIBS}/mock-oauth2-server-*.jar" >/dev/null; then
    return 0
  fi
  log "resolving mock-oauth2-server jars into ${IDP_LIBS#"$AICOCKPIT_ROOT"/} (once)"
  rm -rf "$IDP_LIBS"
  mkdir -p "$IDP_LIBS"
  MAVEN_ARGS="" mvnw -q -B -f infra/idp/pom.xml dependency:copy-dependencies "-Didp.libs.dir=${IDP_LIBS}" \
    || die "could not resolve the IdP jars (./mvnw -f infra/idp/pom.xml dependency:copy-dependencies)"
  echo "$want" >"$stamp"
  ok "IdP jars resolved ($(find "$IDP_LIBS" -name '*.jar' | wc -l) jars)"
}

start() {
  if pid_alive "$IDP_PID" && idp_ready; then
    ok "local IdP already running on http://localhost:${IDP_PORT} (pid $(cat "$IDP_PID"))"
    return 0
  fi
  if ! pid_alive "$IDP_PID" && port_open "$IDP_PORT"; then
    if idp_ready; then
      ok "a local IdP already answers on http://localhost:${IDP_PORT} (not started by this script), reusing it"
      return 0
    fi
    err "port ${IDP_PORT} is taken by another process:"
    ss -ltnp "sport = :${IDP_PORT}" 2>/dev/null | tail -n +2 >&2 || true
    exit 1
  fi
  select_jdk 21
  resolve_jars
  if ! pid_alive "$IDP_PID"; then
    [[ -f "$IDP_LOG" ]] && mv -f "$IDP_LOG" "${IDP_LOG}.1"
    log "starting the local IdP (mock-oauth2-server) on http://localhost:${IDP_PORT}"
    # SERVER_HOSTNAME is the bind address (loopback only); the issuer comes from the request's Host header.
    spawn_daemon "$IDP_PID" "$IDP_LOG" env \
      SERVER_HOSTNAME=127.0.0.1 SERVER_PORT="$IDP_PORT" JSON_CONFIG_PATH="$IDP_CONFIG" \
      "${JAVA_HOME}/bin/java" -Xmx128m -Dorg.slf4j.simpleLogger.showDateTime=true \
      -cp "${IDP_LIBS}/*" "$IDP_MAIN"
  fi
  WAIT_FOR_ABORT="! pid_alive '$IDP_PID'" WAIT_FOR_ABORT_REASON="the IdP exited" \
    wait_for "$IDP_START_TIMEOUT" "the local IdP on :${IDP_PORT}" idp_ready \
    || { tail -n 40 "$IDP_LOG" >&2 || true; stop_pidfile "$IDP_PID" idp 10; die "the local IdP did not start (log: ${IDP_LOG#"$AICOCKPIT_ROOT"/})"; }
  ok "local IdP ready on http://localhost:${IDP_PORT} (pid $(cat "$IDP_PID"))"
}

stop() {
  if pid_alive "$IDP_PID"; then
    stop_pidfile "$IDP_PID" "local IdP" 15
    ok "local IdP stopped"
  else
    rm -f "$IDP_PID"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) idp_ready ;;
  *) usage ;;
esac
