# The workspace file API's changes, run inside the workspace container as its unprivileged user by
# `sh -c <this script> aicockpit-files <operation> <args...>`. User paths only ever arrive as positional
# arguments (never interpolated into code), already checked by the node: relative, no '..', no empty or '.'
# names, no control characters. Every directory on the way is resolved to its physical path (`pwd -P`) and
# refused unless it stays under /workspace, so a symlink made in the terminal (ln -s / root) leads nowhere.
# Only POSIX sh plus commands that busybox and coreutils share (stat -c, find, head -c, sha256sum, mv -T).
# Exit codes: 10 not found, 11 outside the workspace, 12 precondition failed (stdout: current sha-256),
# 14 not a directory, 15 directory not empty, 16 is a directory, 17 exists, 18 move into itself, 1 other.
set -f
W=/workspace
OIFS=$IFS
die() { printf '%s\n' "$2" >&2; exit "$1"; }
inside() { case "$1" in "$W"|"$W"/*) return 0 ;; esac; return 1; }
exists() { [ -e "$1" ] || [ -L "$1" ]; }
realdir() { [ -d "$1" ] && [ ! -L "$1" ]; }

# physdir DIR: the physical path of the existing directory DIR; refused when it is outside /workspace
physdir() {
  p=$(cd "$1" 2>/dev/null && pwd -P) || die 10 "cannot enter a directory"
  inside "$p" || die 11 "a symbolic link leads out of /workspace"
  printf '%s' "$p"
}

# dirof REL CREATE: the physical path of the directory REL ('' is /workspace), creating missing names
# one at a time when CREATE is 1
dirof() {
  cur=$(physdir "$W") || exit $?
  IFS=/
  for seg in $1; do
    IFS=$OIFS
    next=$cur/$seg
    if [ -d "$next" ]; then
      cur=$(physdir "$next") || exit $?
    elif [ -e "$next" ]; then
      die 14 "a parent is not a directory"
    elif [ -L "$next" ]; then
      die 10 "a symbolic link on the way leads nowhere"
    elif [ "$2" = 1 ]; then
      mkdir "$next" 2>/dev/null || die 1 "cannot create a parent directory"
      cur=$next
    else
      die 10 "a parent directory does not exist"
    fi
    IFS=/
  done
  IFS=$OIFS
  printf '%s' "$cur"
}

sha() { sha256sum "$1" | cut -c1-64; }

# write PARENT NAME CREATE PRECONDITION(any|exists|match|absent) ETAG SIZE TMPID; the body (SIZE bytes) on stdin
op_write() {
  d=$(dirof "$2" "$4") || exit $?
  t=$d/$3
  if [ -L "$t" ]; then
    r=$(readlink -f "$t" 2>/dev/null) || r=
    { [ -n "$r" ] && inside "$r"; } || die 11 "a symbolic link leads out of /workspace"
    realdir "$(dirname "$r")" || die 11 "a symbolic link leads out of /workspace"
    t=$r
  fi
  [ -d "$t" ] && die 16 "is a directory"
  existed=0
  if [ -e "$t" ]; then
    existed=1
    [ -f "$t" ] || die 16 "is not a regular file"
    case "$5" in
      absent) sha "$t"; exit 12 ;;
      match) cur=$(sha "$t") || die 1 "cannot read the current file"
        [ "$cur" = "$6" ] || { printf '%s' "$cur"; exit 12; } ;;
    esac
  else
    case "$5" in match|exists) exit 12 ;; esac
  fi
  tmp=$(dirname "$t")/.aicockpit-$8.tmp
  head -c "$7" > "$tmp" 2>/dev/null || { rm -f "$tmp"; die 1 "cannot write the file"; }
  [ "$(stat -c %s "$tmp")" = "$7" ] || { rm -f "$tmp"; die 1 "the body was cut short"; }
  if [ "$existed" = 1 ]; then chmod "$(stat -c %a "$t")" "$tmp" 2>/dev/null || true; fi
  mv -f "$tmp" "$t" 2>/dev/null || { rm -f "$tmp"; die 1 "cannot replace the file"; }
  if [ "$existed" = 1 ]; then echo updated; else echo created; fi
}

# mkdir PARENT NAME PARENTS
op_mkdir() {
  d=$(dirof "$2" "$4") || exit $?
  t=$d/$3
  if [ -d "$t" ]; then
    physdir "$t" > /dev/null || exit $?
    [ "$4" = 1 ] && { echo exists; exit 0; }
    die 17 "already exists"
  fi
  exists "$t" && die 17 "already exists"
  mkdir "$t" 2>/dev/null || die 1 "cannot create the directory"
  echo created
}

# delete PARENT NAME RECURSIVE: a symlink is removed itself, never followed
op_delete() {
  d=$(dirof "$2" 0) || exit $?
  t=$d/$3
  exists "$t" || die 10 "not found"
  if ! realdir "$t"; then
    rm -f "$t" 2>/dev/null || die 1 "cannot delete"
  elif [ "$4" = 1 ]; then
    rm -rf "$t" 2>/dev/null || die 1 "cannot delete everything"
  elif [ -n "$(ls -A "$t" 2>/dev/null)" ]; then
    die 15 "the directory is not empty"
  else
    rmdir "$t" 2>/dev/null || die 1 "cannot delete"
  fi
  echo deleted
}

# move FROMPARENT FROMNAME TOPARENT TONAME OVERWRITE: a symlink is moved itself, never followed
op_move() {
  s=$(dirof "$2" 0) || exit $?
  s=$s/$3
  exists "$s" || die 10 "not found"
  d=$(dirof "$4" 0) || exit $?
  d=$d/$5
  [ "$s" = "$d" ] && { echo moved; exit 0; }
  if realdir "$s"; then
    case "$d/" in "$s"/*) die 18 "cannot move a directory into itself" ;; esac
  fi
  if exists "$d"; then
    [ "$6" = 1 ] || die 17 "the target exists"
    if realdir "$d"; then
      realdir "$s" || die 16 "the target is a directory"
      [ -n "$(ls -A "$d" 2>/dev/null)" ] && die 15 "the target directory is not empty"
    elif realdir "$s"; then
      die 14 "the target is not a directory"
    fi
  fi
  mv -f -T "$s" "$d" 2>/dev/null || die 1 "cannot move"
  echo moved
}

# list DIR MAX: the directory's physical path, then one line per entry: mode(hex)|size|mtime|path, then
# L|resolved target|path per symlink
op_list() {
  d=$(dirof "$2" 0) || exit $?
  echo "D|$d"
  find "$d" -mindepth 1 -maxdepth 1 -exec stat -c '%f|%s|%Y|%n' {} + 2>/dev/null | head -n "$3"
  find "$d" -mindepth 1 -maxdepth 1 -type l 2>/dev/null | head -n "$3" | while IFS= read -r l; do
    printf 'L|%s|%s\n' "$(readlink -f "$l" 2>/dev/null)" "$l"
  done
}

op=$1
case "$op" in
  write) op_write "$@" ;;
  mkdir) op_mkdir "$@" ;;
  delete) op_delete "$@" ;;
  move) op_move "$@" ;;
  list) op_list "$@" ;;
  *) die 1 "unknown operation" ;;
esac
