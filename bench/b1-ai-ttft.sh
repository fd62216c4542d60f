#!/usr/bin/env bash
# BRIEF B1: added time to first token of a streamed chat completion through gateway + ai-worker, compared with a
# request straight to the same stub upstream, at a fixed rate. Needs the local stack (infra/scripts/start-local.sh).
#   RATE=1000 SECONDS_MEASURED=20 WARMUP=15 bench/b1-ai-ttft.sh   (warm-up per path: seven JVMs on two cores
#   spend the first seconds compiling)
# The report is printed and kept in build/bench/b1-report.txt.
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/scripts/lib.sh"

RATE="${RATE:-1000}"
SECONDS_MEASURED="${SECONDS_MEASURED:-20}"
WARMUP="${WARMUP:-15}"
STUB_PORT="${STUB_PORT:-18090}"
GATEWAY="http://127.0.0.1:8080"
IDP="http://localhost:8181"
OUT="${AICOCKPIT_BUILD}/bench"
mkdir -p "$OUT"
select_jdk 21

curl -sf -o /dev/null "${GATEWAY}/actuator/health/readiness" || die "the local stack is not running: infra/scripts/start-local.sh"

log "lifting acme's rate limits for the run"
token() { curl -sf "${IDP}/$1/token" "${@:2}" | jq -r .access_token; }
OPERATOR=$(token platform -u bench-operator:secret -d grant_type=client_credentials)
curl -sf -X PUT "${GATEWAY}/api/v1/tenants/acme/identity-provider" -H "Authorization: Bearer ${OPERATOR}" \
  -H 'Content-Type: application/json' -d '{"issuer":"'"${IDP}"'/acme","audiences":["aicockpit"],"roleClaim":"roles",
   "rateLimits":{"tenantRequestsPerMinute":10000000,"userRequestsPerMinute":10000000,
                 "tenantAiTokensPerMinute":1000000000,"userAiTokensPerMinute":1000000000}}' > /dev/null
STUB_PORT="$STUB_PORT" "${AICOCKPIT_ROOT}/infra/scripts/demo-ai-service.sh" start
trap 'STUB_PORT="$STUB_PORT" "${AICOCKPIT_ROOT}/infra/scripts/demo-ai-service.sh" stop' EXIT
(cd "$AICOCKPIT_ROOT" && ./mvnw -B -q -f bench/pom.xml compile dependency:build-classpath \
  -Dmdep.outputFile="${OUT}/classpath.txt" </dev/null)
CP="${AICOCKPIT_ROOT}/bench/target/classes:$(cat "${OUT}/classpath.txt")"
ALICE=$(token acme -d grant_type=password -d username=alice -d password=demo -d client_id=bench)

log "measuring: ${RATE} req/s, ${WARMUP} s warm-up + ${SECONDS_MEASURED} s, direct then through the gateway"
java -Xmx1g -cp "$CP" io.aicockpit.bench.TimeToFirstTokenBench \
  "http://127.0.0.1:${STUB_PORT}/v1/chat/completions" "${GATEWAY}/v1/chat/completions" "$ALICE" \
  "$RATE" "$SECONDS_MEASURED" "$WARMUP" | tee "${OUT}/b1-report.txt"
