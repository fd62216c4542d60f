#!/usr/bin/env bash
# The test command: makes sure the test prerequisites run, then `./mvnw -B verify "$@"`.
#   PostgreSQL 127.0.0.1:5432 and Redis 127.0.0.1:6379 (started, or installed with apt, when absent)
#   Docker engine (docker.io installed and dockerd started when absent)
#   image aicockpit/busybox:local (the tests' workspace image; stack images are not needed)
#   Kafka on 127.0.0.1:9092 with SASL/SCRAM and ACLs (infra/scripts/kafka.sh: its own broker is reused when its
#   configuration is current, restarted otherwise; a foreign broker only when it takes the demo admin login)
#   the openai npm SDK for the SDK compatibility system test (npm ci in infra/system-tests/src/test/node)
# Extra arguments go to Maven, e.g.  infra/scripts/test.sh -pl command-side -am
# Exit code: Maven's.
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

phase_begin "PostgreSQL"
ensure_postgres
phase_begin "Redis"
ensure_redis
phase_begin "Docker engine"
ensure_docker
phase_begin "image aicockpit/busybox:local"
"${AICOCKPIT_ROOT}/infra/images/build.sh" busybox
phase_begin "Kafka"
"${AICOCKPIT_ROOT}/infra/scripts/kafka.sh" start
phase_begin "curl, jq (the integration guide's commands, IntegrationDocsSystemIT)"
command -v curl >/dev/null 2>&1 || apt_install curl ca-certificates
command -v jq >/dev/null 2>&1 || apt_install jq
phase_begin "npm packages (openai SDK check)"
command -v node >/dev/null 2>&1 || apt_install nodejs npm
(cd "${AICOCKPIT_ROOT}/infra/system-tests/src/test/node" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
phase_begin "Chromium (web IDE end-to-end test)"
command -v chromium >/dev/null 2>&1 || apt_install chromium
phase_begin "JDK"
select_jdk 21

export TESTCONTAINERS_RYUK_DISABLED=true
export AXONIQ_UPDATE_CHECKER_DISABLED=true
export AICOCKPIT_KAFKA_BOOTSTRAP="${AICOCKPIT_KAFKA_BOOTSTRAP:-127.0.0.1:${AICOCKPIT_KAFKA_PORT:-9092}}"

phase_begin "./mvnw -B verify $*"
set +e
(cd "$AICOCKPIT_ROOT" && ./mvnw -B verify "$@" </dev/null)
rc=$?
set -e
phase_end
phase_summary
if ((rc == 0)); then
  ok "tests passed"
else
  err "tests failed (Maven exit code ${rc}); reports: <module>/target/surefire-reports/ (unit), <module>/target/failsafe-reports/ (integration)"
fi
exit "$rc"
