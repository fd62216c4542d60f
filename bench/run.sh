#!/usr/bin/env bash
# The platform benchmark of issue 17 against the running local stack (infra/scripts/start-local.sh): B0 CPU per
# streamed AI request per process, B1 added time to first token, the overload run, B2 workspace start, B3
# workspace commands through Axon, B6 the workspace list. Writes a markdown report (build/bench/report.md).
#
#   bench/run.sh                 every part at the issue's rates (about 5 minutes)
#   bench/run.sh --smoke         every part for a few seconds at a low rate (proves the harness works; ~1 minute)
#   bench/run.sh --parts b0,b1   only these parts (b0 b1 overload b2 b3 b6)
#   bench/run.sh --out FILE      write the report there
# Rates and durations: bench.* system properties in BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.b1.rate=500
#   -Dbench.cpu.rate=100" (see bench/src/main/java/io/aicockpit/bench/Settings.java); profiling exactly B0's
#   measured window: -Dbench.cpu.on-measure='jcmd <pid> JFR.start duration=20s filename=/tmp/gw.jfr'.
# Env: AICOCKPIT_KAFKA_PORT (9092), STUB_PORT (18090), MAVEN_ARGS=-o offline.
# It lifts acme's rate limits for the run and puts acme's identity-provider registration back when done; it starts
# the stub upstream (infra/scripts/demo-ai-service.sh) and connects it as acme's active AI service.
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/scripts/lib.sh"

MODE=full
PARTS=""
OUT_FILE=""
while (($#)); do
  case "$1" in
    --smoke) MODE=smoke ;;
    --parts) PARTS="$2"; shift ;;
    --out) OUT_FILE="$2"; shift ;;
    -h | --help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
  shift
done

STUB_PORT="${STUB_PORT:-18090}"
KAFKA_PORT="${AICOCKPIT_KAFKA_PORT:-9092}"
GATEWAY="http://127.0.0.1:8080"
IDP="http://localhost:8181"
OUT="${AICOCKPIT_BUILD}/bench"
PIDS="${AICOCKPIT_BUILD}/local/pids"
SUFFIX=""
[[ $MODE == smoke ]] && SUFFIX=-smoke
OUT_FILE="${OUT_FILE:-${OUT}/report${SUFFIX}.md}"
mkdir -p "$OUT"
select_jdk 21
command -v jq >/dev/null 2>&1 || apt_install jq

curl -sf -o /dev/null "${GATEWAY}/actuator/health/readiness" || die "the local stack is not running: infra/scripts/start-local.sh"

token() { curl -sf "${IDP}/$1/token" "${@:2}" | jq -r .access_token; }
OPERATOR=$(token platform -u bench-operator:secret -d grant_type=client_credentials)
REGISTRATION="${OUT}/acme-identity-provider.json"
curl -sf "${GATEWAY}/api/v1/tenants/acme/identity-provider" -H "Authorization: Bearer ${OPERATOR}" \
  | jq '{issuer, audiences, roleClaim, roleMapping, rateLimits} | with_entries(select(.value != null))' > "$REGISTRATION"
restore() {
  log "putting acme's identity-provider registration back"
  curl -sf -X PUT "${GATEWAY}/api/v1/tenants/acme/identity-provider" -H "Authorization: Bearer ${OPERATOR}" \
    -H 'Content-Type: application/json' --data-binary "@${REGISTRATION}" > /dev/null || warn "could not restore it"
  [[ -n "$STUB_WAS_RUNNING" ]] || STUB_PORT="$STUB_PORT" "${AICOCKPIT_ROOT}/infra/scripts/demo-ai-service.sh" stop || true
}
# a stub already running (demo-ai-service.sh start) is reused and left running
STUB_WAS_RUNNING=""
curl -sf -o /dev/null "http://127.0.0.1:${STUB_PORT}/v1/models" && STUB_WAS_RUNNING=1
trap restore EXIT
log "lifting acme's rate limits for the run"
jq '.rateLimits = {"tenantRequestsPerMinute":100000000,"userRequestsPerMinute":100000000,
                   "tenantAiTokensPerMinute":1000000000,"userAiTokensPerMinute":1000000000}' "$REGISTRATION" \
  | curl -sf -X PUT "${GATEWAY}/api/v1/tenants/acme/identity-provider" -H "Authorization: Bearer ${OPERATOR}" \
      -H 'Content-Type: application/json' --data-binary @- > /dev/null
STUB_PORT="$STUB_PORT" "${AICOCKPIT_ROOT}/infra/scripts/demo-ai-service.sh" start > /dev/null
(cd "$AICOCKPIT_ROOT" && ./mvnw -B -q -f bench/pom.xml compile dependency:build-classpath \
  -Dmdep.outputFile="${OUT}/classpath.txt" </dev/null)
CP="${AICOCKPIT_ROOT}/bench/target/classes:$(cat "${OUT}/classpath.txt")"
ALICE=$(token acme -d grant_type=password -d username=alice -d password=demo -d client_id=bench)

# The processes to measure, found again at every snapshot: name, part of the platform?, command printing pids.
listener() { echo "ss -ltnpH 'sport = :$1' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u"; }
# every PostgreSQL process but the backends of other databases (other checkouts' tests share the server)
PG_PIDS="pm=\$(ss -ltnpH 'sport = :5432' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2); \
other=\$(psql -h 127.0.0.1 -U postgres -w -Atc \"select pid from pg_stat_activity where datname is not null and datname <> 'aicockpit'\"); \
{ echo \$pm; ps -o pid= --ppid \$pm; } | grep -vxF -f <(echo \"\$other\" | sed '/^\$/d'; echo x) | tr -d ' '"
GROUPS_FILE="${OUT}/groups.tsv"
{
  for module in api-gateway ai-worker query-side command-side container-worker; do
    printf '%s\ttrue\tcat %s\n' "$module" "${PIDS}/${module}.pid"
  done
  printf 'kafka\ttrue\t%s\n' "$(listener "$KAFKA_PORT")"
  printf 'postgresql\ttrue\t%s\n' "$PG_PIDS"
  printf 'redis\ttrue\t%s\n' "$(listener 6379)"
  printf 'stub upstream\tfalse\tcat %s\n' "${PIDS}/stub-ai.pid"
  printf 'local IdP\tfalse\tcat %s\n' "${PIDS}/idp.pid"
} > "$GROUPS_FILE"
prom_sum() { echo "for p in $2; do curl -s --max-time 3 http://127.0.0.1:\$p/actuator/prometheus; done | awk '/^$1[{ ]/ {s+=\$NF} END {print s+0}'"; }
COUNTERS_FILE="${OUT}/counters.tsv"
{
  printf 'Redis commands\t%s\n' "redis-cli -h 127.0.0.1 info stats | awk -F: '/^total_commands_processed/ {print \$2+0}'"
  printf 'PostgreSQL transactions (db aicockpit)\t%s\n' \
    "psql -h 127.0.0.1 -U postgres -w -Atc \"select xact_commit + xact_rollback from pg_stat_database where datname = 'aicockpit'\""
  printf 'PostgreSQL rows inserted (db aicockpit)\t%s\n' \
    "psql -h 127.0.0.1 -U postgres -w -Atc \"select tup_inserted from pg_stat_database where datname = 'aicockpit'\""
  printf 'Kafka produce requests (ai-worker, Spring producers)\t%s\n' "$(prom_sum kafka_producer_request_total 8084)"
  printf 'Kafka records sent (ai-worker, Spring producers)\t%s\n' "$(prom_sum kafka_producer_record_send_total 8084)"
  printf 'Kafka fetch requests (consumers of all services)\t%s\n' \
    "$(prom_sum kafka_consumer_fetch_manager_fetch_total '8080 8081 8082 8083 8084')"
} > "$COUNTERS_FILE"

log "benchmark (${MODE}${PARTS:+, parts ${PARTS}}); report: ${OUT_FILE#"$AICOCKPIT_ROOT"/}"
# shellcheck disable=SC2086 # BENCH_OPTS is a list of options
java -Xmx1g -XX:+UseSerialGC -cp "$CP" \
  -Dbench.mode="$MODE" -Dbench.parts="${PARTS}" -Dbench.out="$OUT_FILE" \
  -Dbench.gateway="$GATEWAY" -Dbench.stub="http://127.0.0.1:${STUB_PORT}" -Dbench.token="$ALICE" \
  -Dbench.groups="$GROUPS_FILE" -Dbench.counters="$COUNTERS_FILE" \
  -Dbench.commit="$(git -C "$AICOCKPIT_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  ${BENCH_OPTS:-} io.aicockpit.bench.PlatformBench
