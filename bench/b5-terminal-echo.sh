#!/usr/bin/env bash
# BRIEF B5: keystroke echo round trip through the node's terminal WebSocket compared with a direct docker-java exec
# attach to the same workspace container, in the same run (p50/p90/p99/max over KEYSTROKES per path, one keystroke
# at a time, raw-mode `cat` in a TTY). Self-contained: starts container-worker in-process on a random port against
# the local Docker engine (image aicockpit/busybox:local, `infra/images/build.sh busybox`), with a query-side stub
# and test-signed identity tokens; Kafka is not needed. Not the gateway hop: that is the node alone.
#   KEYSTROKES=2000 WARMUP=300 bench/b5-terminal-echo.sh
# The report is printed and kept in build/bench/b5-report.txt.
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/scripts/lib.sh"

KEYSTROKES="${KEYSTROKES:-2000}"
WARMUP="${WARMUP:-300}"
OUT="${AICOCKPIT_BUILD}/bench"
mkdir -p "$OUT"
select_jdk 21

log "compiling container-worker and its tests"
# one reactor run, so core-api (and its test jar's classes) come from this checkout, not a stale local repository;
# every module writes the classpath file, container-worker last
(cd "$AICOCKPIT_ROOT" && ./mvnw -B -q -pl container-worker -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="${OUT}/b5-classpath.txt" </dev/null)
CW="${AICOCKPIT_ROOT}/container-worker/target"
CP="${CW}/test-classes:${CW}/classes:$(cat "${OUT}/b5-classpath.txt")"

log "measuring ${KEYSTROKES} keystrokes per path after ${WARMUP} warm-up"
TESTCONTAINERS_RYUK_DISABLED=true java --enable-native-access=ALL-UNNAMED -Xmx512m -cp "$CP" \
  io.aicockpit.worker.terminal.TerminalEchoBench "$KEYSTROKES" "$WARMUP" | grep -v '^{' | tee "${OUT}/b5-report.txt"
