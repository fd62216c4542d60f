#!/usr/bin/env bash
# Stops what infra/scripts/start-local.sh started: the services (pid files in build/local/pids/,
# reverse start order), then the local IdP and Kafka. PostgreSQL, Redis and the Docker engine keep running.
#
#   infra/scripts/stop-local.sh                      services, local IdP, Kafka
#   infra/scripts/stop-local.sh --purge-workspaces   also removes the workspace containers and volumes
#                                                    (label io.aicockpit.managed=true) and the loop devices
#                                                    and images of loop-backed volumes
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PID_DIR="${AICOCKPIT_BUILD}/local/pids"
# reverse of the start order
MODULES=(api-gateway ai-worker container-worker query-side command-side)

purge=''
for arg in "$@"; do
  case "$arg" in
    --purge-workspaces) purge=1 ;;
    -h | --help)
      sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown option '${arg}' (try --help)" ;;
  esac
done

for module in "${MODULES[@]}"; do
  pidf="${PID_DIR}/${module}.pid"
  if pid_alive "$pidf"; then
    stop_pidfile "$pidf" "$module" 30
    ok "${module} stopped"
  else
    rm -f "$pidf"
  fi
done

"${AICOCKPIT_ROOT}/infra/idp/idp.sh" stop
"${AICOCKPIT_ROOT}/infra/scripts/kafka.sh" stop

if [[ -n "$purge" ]]; then
  if ! docker_ready; then
    warn "the Docker engine does not answer: no workspace containers to purge"
  else
    mapfile -t containers < <(docker ps -aq --filter label=io.aicockpit.managed=true)
    if ((${#containers[@]} > 0)); then
      log "removing ${#containers[@]} workspace container(s)"
      docker rm -f -v "${containers[@]}" >/dev/null
    fi
    mapfile -t volumes < <(docker volume ls -q --filter label=io.aicockpit.managed=true)
    if ((${#volumes[@]} > 0)); then
      log "removing ${#volumes[@]} workspace volume(s)"
      docker volume rm -f "${volumes[@]}" >/dev/null
    fi
    # loop-backed volumes (docs/workspaces.md "Disk quotas"): their loop devices and image files outlive
    # `docker volume rm`; the local worker keeps them in the default directory
    images=0
    for image in /var/lib/aicockpit/volumes/aicockpit-ws-*.img; do
      [[ -e "$image" ]] || continue
      for dev in $(losetup -l -n -O NAME -j "$image" 2>/dev/null); do
        losetup -d "$dev" || warn "could not detach ${dev} (${image})"
      done
      rm -f "$image" "${image%.img}.dev"
      images=$((images + 1))
    done
    ((images == 0)) || log "released ${images} workspace volume image(s) and their loop devices"
    ok "workspaces purged (${#containers[@]} containers, ${#volumes[@]} volumes)"
  fi
fi
ok "local stack stopped (PostgreSQL, Redis and the Docker engine keep running)"
