# shellcheck shell=bash
# Shared helpers for AiCockpit's infra scripts. Source it, do not run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Everything here is idempotent: calling an ensure_* function on a machine where the
# component already runs costs a port probe and nothing else.

if [[ -n "${AICOCKPIT_LIB_LOADED:-}" ]]; then
  return 0
fi
AICOCKPIT_LIB_LOADED=1

# ---------------------------------------------------------------------------------------------
# Repository layout (independent of the caller's working directory)
# ---------------------------------------------------------------------------------------------
AICOCKPIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
AICOCKPIT_BUILD="${AICOCKPIT_ROOT}/build"
export AICOCKPIT_ROOT AICOCKPIT_BUILD

export DEBIAN_FRONTEND=noninteractive

# ---------------------------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------------------------
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _C_INFO=$'\033[1;34m' _C_OK=$'\033[1;32m' _C_WARN=$'\033[1;33m' _C_ERR=$'\033[1;31m' _C_OFF=$'\033[0m'
else
  _C_INFO='' _C_OK='' _C_WARN='' _C_ERR='' _C_OFF=''
fi

log()  { printf '%s[aicockpit %s]%s %s\n' "$_C_INFO" "$(date +%H:%M:%S)" "$_C_OFF" "$*"; }
ok()   { printf '%s[aicockpit %s]%s %s\n' "$_C_OK" "$(date +%H:%M:%S)" "$_C_OFF" "$*"; }
warn() { printf '%s[aicockpit %s] WARNING:%s %s\n' "$_C_WARN" "$(date +%H:%M:%S)" "$_C_OFF" "$*" >&2; }
err()  { printf '%s[aicockpit %s] ERROR:%s %s\n' "$_C_ERR" "$(date +%H:%M:%S)" "$_C_OFF" "$*" >&2; }
die()  { err "$*"; exit 1; }

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# Human readable duration from milliseconds: 1234 -> 1.2 s
fmt_ms() { awk -v ms="$1" 'BEGIN { if (ms >= 60000) printf "%dm%04.1fs", ms/60000, (ms%60000)/1000; else printf "%.1f s", ms/1000 }'; }

# Phase timing: phase_begin NAME ... phase_end; phase_summary prints the table.
_PHASE_NAMES=()
_PHASE_MS=()
_PHASE_CUR=''
_PHASE_T0=0
phase_begin() {
  [[ -n "$_PHASE_CUR" ]] && phase_end
  _PHASE_CUR="$1"
  _PHASE_T0="$(now_ms)"
  log "==> ${_PHASE_CUR}"
}
phase_end() {
  [[ -z "$_PHASE_CUR" ]] && return 0
  local dt=$(( $(now_ms) - _PHASE_T0 ))
  _PHASE_NAMES+=("$_PHASE_CUR")
  _PHASE_MS+=("$dt")
  log "<== ${_PHASE_CUR} ($(fmt_ms "$dt"))"
  _PHASE_CUR=''
}
phase_summary() {
  [[ -n "$_PHASE_CUR" ]] && phase_end
  ((${#_PHASE_NAMES[@]} == 0)) && return 0
  local i total=0
  printf '\n%-45s %12s\n' "phase" "time"
  printf '%-45s %12s\n' "---------------------------------------------" "------------"
  for i in "${!_PHASE_NAMES[@]}"; do
    printf '%-45s %12s\n' "${_PHASE_NAMES[$i]}" "$(fmt_ms "${_PHASE_MS[$i]}")"
    total=$((total + _PHASE_MS[i]))
  done
  printf '%-45s %12s\n\n' "total" "$(fmt_ms "$total")"
}

# ---------------------------------------------------------------------------------------------
# Waiting and probing
# ---------------------------------------------------------------------------------------------

# wait_for SECONDS DESCRIPTION COMMAND [ARGS...]
# Polls COMMAND every 0.2 s until it succeeds; returns 1 (after an error message) when the
# deadline passes. Set WAIT_FOR_ABORT to a command; when it succeeds, waiting stops early
# (e.g. "the process died").
wait_for() {
  local seconds="$1" what="$2"
  shift 2
  local deadline=$(( $(now_ms) + seconds * 1000 ))
  while true; do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    if [[ -n "${WAIT_FOR_ABORT:-}" ]] && eval "$WAIT_FOR_ABORT" >/dev/null 2>&1; then
      err "gave up waiting for ${what}: ${WAIT_FOR_ABORT_REASON:-abort condition met}"
      return 1
    fi
    if (( $(now_ms) >= deadline )); then
      err "timed out after ${seconds} s waiting for ${what}"
      return 1
    fi
    sleep 0.2
  done
}

# port_open PORT [HOST] -> 0 when something accepts TCP connections there.
port_open() {
  local port="$1" host="${2:-127.0.0.1}"
  (exec 3<>"/dev/tcp/${host}/${port}") 2>/dev/null
}

# pid_alive PIDFILE -> 0 when the file names a running process.
pid_alive() {
  local f="$1" pid
  [[ -s "$f" ]] || return 1
  pid="$(cat "$f" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# spawn_daemon PIDFILE LOGFILE COMMAND [ARGS...]
# Starts COMMAND detached (own session, stdin from /dev/null, output appended to LOGFILE) and
# writes its real pid to PIDFILE. The caller's exit or Ctrl-C does not take it down.
spawn_daemon() {
  local pidfile="$1" logfile="$2"
  shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $0 are expanded by the inner shell on purpose
  setsid nohup bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 &
  local i
  for i in $(seq 1 50); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.05
  done
  die "could not start $1 (no pid written to $pidfile)"
}

# stop_pidfile PIDFILE NAME [GRACE_SECONDS]: TERM, wait, then KILL. Removes the pid file.
stop_pidfile() {
  local f="$1" name="$2" grace="${3:-30}" pid
  if ! pid_alive "$f"; then
    rm -f "$f"
    return 0
  fi
  pid="$(cat "$f")"
  log "stopping ${name} (pid ${pid})"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(( $(now_ms) + grace * 1000 ))
  while kill -0 "$pid" 2>/dev/null; do
    if (( $(now_ms) >= deadline )); then
      warn "${name} did not stop within ${grace} s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$f"
}

# ---------------------------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------------------------
_APT_UPDATED=''

need_root() {
  [[ "$(id -u)" == 0 ]] || die "$1 needs root (run this script as root, or install/start it yourself first)"
}

pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# apt_install PKG...: installs the packages that are missing (no recommends, non-interactive).
apt_install() {
  local missing=() p
  for p in "$@"; do
    pkg_installed "$p" || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  need_root "installing ${missing[*]}"
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} yourself"
  if [[ -z "$_APT_UPDATED" ]]; then
    log "apt-get update"
    apt-get update -qq </dev/null || die "apt-get update failed"
    _APT_UPDATED=1
  fi
  log "apt-get install ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

# ---------------------------------------------------------------------------------------------
# JDK
# ---------------------------------------------------------------------------------------------

# jdk_major HOME -> prints the feature version (17, 21, 25...) of the JDK at HOME, or nothing.
jdk_major() {
  local home="$1" v=''
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  if [[ -r "$home/release" ]]; then
    v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n1)"
  fi
  if [[ -z "$v" ]]; then
    v="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"
  fi
  [[ -n "$v" ]] || return 1
  v="${v#1.}"          # 1.8.0_x -> 8.0_x
  v="${v%%[.+_-]*}"    # 25.0.3 -> 25
  [[ "$v" =~ ^[0-9]+$ ]] || return 1
  echo "$v"
}

# _best_jdk MIN DIR... -> prints "MAJOR DIR" of the newest JDK >= MIN among DIRs.
_best_jdk() {
  local min="$1" cand major best='' best_major=0
  shift
  for cand in "$@"; do
    [[ -d "$cand" ]] || continue
    major="$(jdk_major "$cand")" || continue
    if ((major >= min && major > best_major)); then
      best="$cand"
      best_major="$major"
    fi
  done
  [[ -n "$best" ]] && echo "$best_major $best"
}

# select_jdk [MIN]: exports JAVA_HOME and PATH for a JDK >= MIN (default 21).
# Order: $JAVA_HOME if new enough; Temurin JDKs under /usr/lib/jvm (newest first); any other JDK
# under /usr/lib/jvm or /opt (newest first); the JDK behind `javac` on the PATH.
select_jdk() {
  local min="${1:-21}" found='' major
  if [[ -n "${JAVA_HOME:-}" ]] && major="$(jdk_major "$JAVA_HOME")" && ((major >= min)); then
    found="$major $JAVA_HOME"
  fi
  [[ -n "$found" ]] || found="$(_best_jdk "$min" /usr/lib/jvm/*temurin* /usr/lib/jvm/*adoptium*)" || true
  [[ -n "$found" ]] || found="$(_best_jdk "$min" /usr/lib/jvm/* /opt/*jdk* /opt/java/*)" || true
  if [[ -z "$found" ]] && command -v javac >/dev/null 2>&1; then
    found="$(_best_jdk "$min" "$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")" || true
  fi
  if [[ -z "$found" ]]; then
    die "no JDK >= ${min} found (looked at \$JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm/*, /opt, javac on the PATH).
    Install one (e.g. Temurin 25 from https://adoptium.net) and re-run with JAVA_HOME=/path/to/that/jdk."
  fi
  major="${found%% *}"
  JAVA_HOME="$(cd "${found#* }" && pwd -P)"
  export JAVA_HOME
  case ":$PATH:" in
    ":$JAVA_HOME/bin:"*) ;;
    *) PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  export PATH
  # JDK 24+ warns about sun.misc.Unsafe used by Maven's Guice; allow it quietly for Maven itself
  if ((major >= 24)) && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
    MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
    export MAVEN_OPTS
  fi
  if [[ "${_AICOCKPIT_JDK_LOGGED:-}" != "$JAVA_HOME" ]]; then
    log "JDK ${major}: ${JAVA_HOME}"
    _AICOCKPIT_JDK_LOGGED="$JAVA_HOME"
  fi
}

# mvnw ARGS...: the repository's Maven wrapper, run from the repo root with the selected JDK.
mvnw() {
  select_jdk 21
  (cd "$AICOCKPIT_ROOT" && ./mvnw "$@" </dev/null)
}

# ---------------------------------------------------------------------------------------------
# Kafka logins
# ---------------------------------------------------------------------------------------------
# The local demo's SASL/SCRAM secrets (infra/kafka/local-credentials.properties) unless
# AICOCKPIT_KAFKA_CREDENTIALS_FILE names another file of the same form (<principal>=<password>).
kafka_credentials_file() {
  echo "${AICOCKPIT_KAFKA_CREDENTIALS_FILE:-${AICOCKPIT_ROOT}/infra/kafka/local-credentials.properties}"
}

# kafka_password PRINCIPAL -> that principal's password
kafka_password() {
  local file value
  file="$(kafka_credentials_file)"
  [[ -r "$file" ]] || die "Kafka credentials file ${file} not found"
  value="$(sed -n "s/^[[:space:]]*${1}[[:space:]]*=[[:space:]]*//p" "$file" | tail -n1 | tr -d '[:space:]')"
  [[ -n "$value" ]] || die "no password for Kafka principal '${1}' in ${file}"
  echo "$value"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL, Redis
# ---------------------------------------------------------------------------------------------
PG_PORT=5432
REDIS_PORT=6379

_pg_version() {
  local v=''
  if command -v pg_lsclusters >/dev/null 2>&1; then
    v="$(pg_lsclusters -h 2>/dev/null | awk '$2 == "main" { print $1 }' | sort -V | tail -n1)"
  fi
  if [[ -z "$v" && -d /etc/postgresql ]]; then
    v="$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1)"
  fi
  echo "$v"
}

pg_ready() { port_open "$PG_PORT" && psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -w -tAc 'select 1' >/dev/null 2>&1; }

# ensure_postgres: PostgreSQL answering on 127.0.0.1:5432 for user postgres without a password.
ensure_postgres() {
  if port_open "$PG_PORT"; then
    ok "PostgreSQL already listening on 127.0.0.1:${PG_PORT}"
    command -v psql >/dev/null || apt_install postgresql-client
    return 0
  fi
  local fresh=''
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ -z "$(_pg_version)" ]]; then
    apt_install postgresql
    fresh=1
  fi
  local v
  v="$(_pg_version)"
  [[ -n "$v" ]] || die "PostgreSQL is installed but has no cluster 'main' (try: pg_createcluster <version> main)"
  local hba="/etc/postgresql/${v}/main/pg_hba.conf"
  if [[ -n "$fresh" && -w "$hba" ]]; then
    # Development machine: trust loopback connections, as the contract (docs/CONTRACTS-dev.md) expects.
    log "configuring trust authentication for loopback connections in ${hba}"
    sed -i -E 's/^(host[[:space:]]+all[[:space:]]+all[[:space:]]+(127\.0\.0\.1\/32|::1\/128)[[:space:]]+).*/\1trust/;
               s/^(local[[:space:]]+all[[:space:]]+(postgres|all)[[:space:]]+).*/\1trust/' "$hba"
  fi
  need_root "starting PostgreSQL"
  log "starting PostgreSQL ${v}/main"
  pg_ctlcluster --skip-systemctl-redirect "$v" main start </dev/null || true
  wait_for 60 "PostgreSQL on 127.0.0.1:${PG_PORT}" port_open "$PG_PORT" || die "PostgreSQL did not start (see /var/log/postgresql/)"
  ok "PostgreSQL ${v} started"
}

# ensure_database NAME: creates the database when absent.
ensure_database() {
  local db="$1"
  wait_for 30 "PostgreSQL to accept user postgres" pg_ready \
    || die "cannot connect as 'postgres' to 127.0.0.1:${PG_PORT} without a password; allow trust for loopback in pg_hba.conf"
  if [[ "$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -w -tAc "select 1 from pg_database where datname = '${db}'")" == 1 ]]; then
    ok "database ${db} exists"
  else
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -w -qc "create database \"${db}\"" >/dev/null
    ok "database ${db} created"
  fi
}

redis_ready() {
  if command -v redis-cli >/dev/null 2>&1; then
    [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
  else
    port_open "$REDIS_PORT"
  fi
}

# ensure_redis: Redis answering on 127.0.0.1:6379.
ensure_redis() {
  if port_open "$REDIS_PORT"; then
    ok "Redis already listening on 127.0.0.1:${REDIS_PORT}"
    return 0
  fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  need_root "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log </dev/null >/dev/null
  wait_for 30 "Redis on 127.0.0.1:${REDIS_PORT}" redis_ready || die "Redis did not start (see /var/log/redis/ci.log)"
  ok "Redis started"
}

# ---------------------------------------------------------------------------------------------
# Docker engine
# ---------------------------------------------------------------------------------------------
docker_ready() { docker info >/dev/null 2>&1; }

# ensure_docker: a Docker engine answering `docker info`. Installs docker.io (plus the image
# tools busybox-static and debootstrap) and starts dockerd with overlay2 when needed.
ensure_docker() {
  if command -v docker >/dev/null 2>&1 && docker_ready; then
    ok "Docker engine answers ($(docker info --format '{{.ServerVersion}} {{.Driver}}' 2>/dev/null))"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    apt_install docker.io busybox-static debootstrap
  fi
  need_root "starting the Docker engine"
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    log "starting dockerd (overlay2, log /var/log/dockerd.log)"
    # Always pin overlay2: dockerd refuses to start once two graph drivers were used (ENVIRONMENT.md §3.1).
    setsid nohup dockerd --storage-driver overlay2 </dev/null >/var/log/dockerd.log 2>&1 &
    echo $! >/var/run/dockerd-aicockpit.pid
  else
    log "dockerd is running but not answering yet, waiting"
  fi
  wait_for 60 "the Docker engine (docker info)" docker_ready \
    || { tail -n 20 /var/log/dockerd.log >&2 2>/dev/null; die "the Docker engine did not come up (see /var/log/dockerd.log)"; }
  ok "Docker engine started ($(docker info --format '{{.ServerVersion}} {{.Driver}}' 2>/dev/null))"
}
