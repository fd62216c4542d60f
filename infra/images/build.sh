#!/usr/bin/env bash
# Builds AiCockpit's workspace images on this machine (no registry needed).
#
#   infra/images/build.sh busybox        aicockpit/busybox:local (2 MB, ~0.1 s): tests' workspace image
#   infra/images/build.sh base           aicockpit/debian-base:bookworm (debootstrap minbase, ~25 s)
#   infra/images/build.sh stacks         base + the five stack images (a few minutes the first time)
#   infra/images/build.sh all            busybox + stacks
#   infra/images/build.sh <stack>...     single stacks, e.g. java-17 go-121
#   infra/images/build.sh list           image names and whether they are present
#
# Idempotent: an image is skipped when it exists and was built from the same recipe (label
# io.aicockpit.recipe: recipe version, Dockerfile hash, base image id). FORCE=1 rebuilds.
# Env: FORCE=1, AICOCKPIT_DEBIAN_MIRROR (http://deb.debian.org/debian),
#      AICOCKPIT_DEBIAN_SECURITY_MIRROR (http://deb.debian.org/debian-security).
# Work files and build logs: build/images/ (logs in build/images/logs/).
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

IMAGES_DIR="${AICOCKPIT_ROOT}/infra/images"
STACKS_DIR="${IMAGES_DIR}/stacks"
WORK="${AICOCKPIT_BUILD}/images"
LOGS="${WORK}/logs"
TIMINGS="${WORK}/timings.log"

BUSYBOX_IMAGE="aicockpit/busybox:local"
BASE_IMAGE="aicockpit/debian-base:bookworm"
# Bump when the busybox / base recipe in this file changes (forces a rebuild).
BUSYBOX_RECIPE="busybox-v1"
BASE_RECIPE="debian-base-v1"
STACKS=(python-anaconda nodejs-18 python-311 go-121 java-17)

DEBIAN_MIRROR="${AICOCKPIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_SECURITY_MIRROR="${AICOCKPIT_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"

# The Debian docker.io client has no buildx; the CLI must use the legacy builder.
export DOCKER_BUILDKIT=0

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

stack_image() { echo "aicockpit/stack-$1:local"; }

image_recipe() {
  docker image inspect --format '{{ index .Config.Labels "io.aicockpit.recipe" }}' "$1" 2>/dev/null || true
}

# up_to_date IMAGE RECIPE -> 0 when the image exists, carries RECIPE, and FORCE is not set.
up_to_date() {
  local image="$1" recipe="$2" have
  [[ "${FORCE:-0}" == 1 ]] && return 1
  have="$(image_recipe "$image")"
  [[ -n "$have" && "$have" == "$recipe" ]] && return 0
  if docker image inspect "$image" >/dev/null 2>&1; then
    # present but built by hand or from another recipe: keep it unless asked (FORCE=1)
    [[ -z "$have" ]] && return 0
    log "${image}: recipe changed (${have} -> ${recipe}), rebuilding"
  fi
  return 1
}

record_time() {
  mkdir -p "$WORK"
  printf '%s\t%s\t%s\n' "$(date -Is)" "$1" "$(fmt_ms "$2")" >>"$TIMINGS"
}

prune_dangling() {
  docker image prune -f --filter "label=io.aicockpit.image=$1" >/dev/null 2>&1 || true
}

# Unmounts anything debootstrap left mounted below DIR, then removes DIR.
safe_rm_rootfs() {
  local dir="$1" m
  [[ -e "$dir" ]] || return 0
  while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done < <(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf --one-file-system "$dir"
}

# ---------------------------------------------------------------------------------------------
# aicockpit/busybox:local
# ---------------------------------------------------------------------------------------------
build_busybox() {
  ensure_docker
  if up_to_date "$BUSYBOX_IMAGE" "$BUSYBOX_RECIPE"; then
    ok "${BUSYBOX_IMAGE} is up to date (FORCE=1 rebuilds)"
    return 0
  fi
  apt_install busybox-static
  local bb=/bin/busybox
  [[ -x "$bb" ]] || die "busybox-static is installed but /bin/busybox is missing"
  local t0 root tarball
  t0="$(now_ms)"
  root="${WORK}/busybox-rootfs"
  tarball="${WORK}/busybox-rootfs.tar"
  rm -rf "$root" "$tarball"
  mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,root,workspace,usr}
  cp "$bb" "$root/bin/busybox"
  local app
  for app in $("$bb" --list); do
    [[ "$app" == busybox ]] || ln -s busybox "$root/bin/$app"
  done
  ln -s bin "$root/sbin"
  ln -s ../bin "$root/usr/bin"
  ln -s ../bin "$root/usr/sbin"
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
    'dev:x:1000:1000:dev:/workspace:/bin/sh' \
    'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'dev:x:1000:' 'nogroup:x:65534:' >"$root/etc/group"
  chmod 1777 "$root/tmp"
  chmod 0700 "$root/root"
  chmod 0755 "$root/workspace"
  # everything root-owned except /workspace (uid/gid 1000), without needing chown
  tar -C "$root" --numeric-owner --owner=0 --group=0 --sort=name --exclude=./workspace -cf "$tarball" .
  tar -C "$root" --numeric-owner --owner=1000 --group=1000 -rf "$tarball" ./workspace
  docker import \
    -c 'ENV PATH=/bin' \
    -c 'WORKDIR /workspace' \
    -c 'USER dev' \
    -c 'CMD ["/bin/sh"]' \
    -c "LABEL io.aicockpit.recipe=${BUSYBOX_RECIPE} io.aicockpit.image=busybox" \
    "$tarball" "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$root" "$tarball"
  prune_dangling busybox
  local dt=$(( $(now_ms) - t0 ))
  record_time "$BUSYBOX_IMAGE" "$dt"
  # smoke test: runs as dev (uid 1000) and can write /workspace
  local out
  out="$(docker run --rm --network none "$BUSYBOX_IMAGE" sh -c 'id -u; touch /workspace/.probe && echo writable')" \
    || die "${BUSYBOX_IMAGE} does not run"
  [[ "$out" == $'1000\nwritable' ]] || die "${BUSYBOX_IMAGE} smoke test failed: ${out}"
  ok "${BUSYBOX_IMAGE} built in $(fmt_ms "$dt") ($(docker image inspect --format '{{.Size}}' "$BUSYBOX_IMAGE" | awk '{ printf "%.1f MB", $1/1e6 }'))"
}

# ---------------------------------------------------------------------------------------------
# aicockpit/debian-base:bookworm
# ---------------------------------------------------------------------------------------------
reachable() {
  command -v curl >/dev/null 2>&1 || return 0   # cannot tell: assume yes
  curl -fsI --max-time 10 -o /dev/null "$1"
}

build_base() {
  ensure_docker
  if up_to_date "$BASE_IMAGE" "$BASE_RECIPE"; then
    ok "${BASE_IMAGE} is up to date (FORCE=1 rebuilds)"
    return 0
  fi
  need_root "debootstrap"
  apt_install debootstrap
  local t0 root logf
  t0="$(now_ms)"
  root="${WORK}/debian-rootfs"
  logf="${LOGS}/debian-base.log"
  mkdir -p "$LOGS"
  safe_rm_rootfs "$root"
  log "debootstrap --variant=minbase bookworm from ${DEBIAN_MIRROR} (~25 s, log ${logf#"$AICOCKPIT_ROOT"/})"
  if ! debootstrap --variant=minbase bookworm "$root" "$DEBIAN_MIRROR" >"$logf" 2>&1; then
    tail -n 40 "$logf" >&2
    safe_rm_rootfs "$root"
    die "debootstrap failed (log ${logf})"
  fi
  {
    echo "deb ${DEBIAN_MIRROR} bookworm main"
    if reachable "${DEBIAN_MIRROR}/dists/bookworm-updates/InRelease"; then
      echo "deb ${DEBIAN_MIRROR} bookworm-updates main"
    fi
    if reachable "${DEBIAN_SECURITY_MIRROR}/dists/bookworm-security/InRelease"; then
      echo "deb ${DEBIAN_SECURITY_MIRROR} bookworm-security main"
    fi
  } >"$root/etc/apt/sources.list"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/*
  rm -rf "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/*
  log "importing ${BASE_IMAGE}"
  tar -C "$root" --numeric-owner -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV LANG=C.UTF-8' \
    -c 'CMD ["/bin/bash"]' \
    -c "LABEL io.aicockpit.recipe=${BASE_RECIPE} io.aicockpit.image=debian-base" \
    - "$BASE_IMAGE" >/dev/null
  safe_rm_rootfs "$root"
  prune_dangling debian-base
  local dt=$(( $(now_ms) - t0 ))
  record_time "$BASE_IMAGE" "$dt"
  docker run --rm --network none "$BASE_IMAGE" sh -c 'grep PRETTY_NAME /etc/os-release' >/dev/null \
    || die "${BASE_IMAGE} does not run"
  ok "${BASE_IMAGE} built in $(fmt_ms "$dt") ($(docker image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{ printf "%.0f MB", $1/1e6 }'))"
}

# ---------------------------------------------------------------------------------------------
# aicockpit/stack-<name>:local
# ---------------------------------------------------------------------------------------------
build_stack() {
  local stack="$1" dir="${STACKS_DIR}/$1"
  [[ -f "$dir/Dockerfile" ]] || die "unknown stack '${stack}' (no ${dir}/Dockerfile); stacks: ${STACKS[*]}"
  local image recipe base_id
  image="$(stack_image "$stack")"
  base_id="$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE")"
  recipe="stack-$(cat "$dir/Dockerfile" "$dir/verify" 2>/dev/null | sha256sum | cut -c1-16)-base-${base_id#sha256:}"
  recipe="${recipe:0:60}"
  if up_to_date "$image" "$recipe"; then
    ok "${image} is up to date (FORCE=1 rebuilds)"
    return 0
  fi
  local t0 logf
  t0="$(now_ms)"
  logf="${LOGS}/stack-${stack}.log"
  mkdir -p "$LOGS"
  log "building ${image} (log ${logf#"$AICOCKPIT_ROOT"/})"
  if ! docker build --rm --force-rm \
      --label "io.aicockpit.recipe=${recipe}" --label "io.aicockpit.image=stack-${stack}" \
      -t "$image" "$dir" </dev/null >"$logf" 2>&1; then
    tail -n 40 "$logf" >&2
    die "docker build of ${image} failed (log ${logf})"
  fi
  prune_dangling "stack-${stack}"
  local dt=$(( $(now_ms) - t0 ))
  record_time "$image" "$dt"
  verify_stack "$stack"
  ok "${image} built in $(fmt_ms "$dt") ($(docker image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1/1e6 }'))"
}

# Runs the stack's verify command (infra/images/stacks/<stack>/verify) without network, as dev.
verify_stack() {
  local stack="$1" image out
  image="$(stack_image "$stack")"
  [[ -f "${STACKS_DIR}/${stack}/verify" ]] || return 0
  if ! out="$(docker run --rm --network none "$image" sh -c "$(cat "${STACKS_DIR}/${stack}/verify")" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "${image} failed its check: $(cat "${STACKS_DIR}/${stack}/verify")"
  fi
  printf '%s\n' "$out" | sed -e $'s/\x1b\\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' -e "s#^#    ${stack}: #"
}

build_stacks() {
  local stacks=("$@")
  ((${#stacks[@]} > 0)) || stacks=("${STACKS[@]}")
  build_base
  local s
  # one at a time: the machine has 2 cores and apt/dpkg are CPU and disk bound
  for s in "${stacks[@]}"; do
    build_stack "$s"
  done
}

list_images() {
  local img
  for img in "$BUSYBOX_IMAGE" "$BASE_IMAGE" $(for s in "${STACKS[@]}"; do stack_image "$s"; done); do
    if docker image inspect "$img" >/dev/null 2>&1; then
      printf '%-42s %s\n' "$img" "present ($(image_recipe "$img"))"
    else
      printf '%-42s %s\n' "$img" "missing"
    fi
  done
}

[[ $# -ge 1 ]] || usage
case "$1" in
  busybox) build_busybox ;;
  base) build_base ;;
  stacks) build_stacks ;;
  all)
    build_busybox
    build_stacks
    ;;
  list)
    ensure_docker >/dev/null
    list_images
    ;;
  -h | --help | help) usage ;;
  *)
    for arg in "$@"; do
      [[ -f "${STACKS_DIR}/${arg}/Dockerfile" ]] || { err "unknown target '${arg}'"; usage; }
    done
    build_stacks "$@"
    ;;
esac
