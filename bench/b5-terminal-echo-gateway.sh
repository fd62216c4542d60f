#!/usr/bin/env bash
# BRIEF B5 through the gateway: keystroke echo round trip client → api-gateway → container-worker → container and
# back, next to a direct docker-java exec attach to the same workspace container, in the same run (p50/p90/p99/max
# over KEYSTROKES per path, one keystroke at a time, raw-mode `cat` in a TTY), printed as a markdown report with the
# date and the machine (cores, memory, CPU model).
# Self-contained: builds the services' jars and runs TerminalEchoThroughGatewayBench (infra/system-tests), which
# starts the system-test platform on free ports (command-side, query-side, container-worker, ai-worker, gateway as
# processes, an in-process OIDC provider, a database of its own) against the shared PostgreSQL 127.0.0.1:5432,
# Kafka 127.0.0.1:9092 and the Docker engine (image aicockpit/busybox:local: `infra/images/build.sh busybox`).
# It does not touch a running local stack (ports 8080-8084 may be in use).
#   KEYSTROKES=2000 WARMUP=300 bench/b5-terminal-echo-gateway.sh
# The report is printed and kept in build/bench/b5-gateway-report.md.
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/scripts/lib.sh"

KEYSTROKES="${KEYSTROKES:-2000}"
WARMUP="${WARMUP:-300}"
DATABASE="${AICOCKPIT_BENCH_DB:-aicockpit_bench_b5}"
OUT="${AICOCKPIT_BUILD}/bench"
mkdir -p "$OUT"
((KEYSTROKES >= 1000)) || die "KEYSTROKES must be at least 1000"

log "building the services and running ${KEYSTROKES} keystrokes per path after ${WARMUP} warm-up"
rm -f "${AICOCKPIT_ROOT}/infra/system-tests/target/bench/b5-gateway-report.md"
TESTCONTAINERS_RYUK_DISABLED=true AXONIQ_UPDATE_CHECKER_DISABLED=true \
  mvnw -B -q -pl infra/system-tests -am verify -Dtest=none -Dit.test=TerminalEchoThroughGatewayBench \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Daicockpit.system.database="$DATABASE" -Daicockpit.bench.keystrokes="$KEYSTROKES" \
  -Daicockpit.bench.warmup="$WARMUP" >"${OUT}/b5-gateway-build.log" 2>&1 \
  || die "the bench failed; see ${OUT}/b5-gateway-build.log and infra/system-tests/target/system-it/"
cp "${AICOCKPIT_ROOT}/infra/system-tests/target/bench/b5-gateway-report.md" "${OUT}/b5-gateway-report.md"
cat "${OUT}/b5-gateway-report.md"
