# shellcheck shell=bash
# What the scripts in tools/ share: loop-mounted file systems, one cleanup registry behind one
# trap, digests. Sourced, not run:  source "$ROOT/tools/lib/common.sh"
#
# Every name here is a function or an upper-case CLEANUP_ variable, so a script keeps its own
# `fail`, `skip` and `make_store`, whose messages are part of its interface.

# --- cleanup registry ---------------------------------------------------------------------------
# cleanup_init installs the one EXIT trap. What a script sets up it registers right away; on exit,
# whatever the cause, the trap undoes it in this order: hooks (e.g. stop the daemons that use the
# mounts), background processes, mounts (last mounted first), loop devices, directories.
# Registrations are appended to files, not to shell variables, so that a subshell can register
# too: `mnt=$(make_fs …)`, or a faultbed scenario running in ( … ).

CLEANUP_REGISTRY=""

cleanup_init() {
    CLEANUP_REGISTRY=$(mktemp -d "${TMPDIR:-/tmp}/ferry-cleanup.XXXXXX") || return 1
    local list
    for list in hooks pids mounts loops dirs; do : >"$CLEANUP_REGISTRY/$list"; done
    trap cleanup_now EXIT
    trap 'exit 130' INT TERM
}

cleanup_hook() { printf '%s\n' "$1" >>"$CLEANUP_REGISTRY/hooks"; }     # FUNCTION, run first
cleanup_kill() { printf '%s\n' "$1" >>"$CLEANUP_REGISTRY/pids"; }      # PID to kill
cleanup_umount() { printf '%s\n' "$1" >>"$CLEANUP_REGISTRY/mounts"; }  # mount point
cleanup_detach() { printf '%s\n' "$1" >>"$CLEANUP_REGISTRY/loops"; }   # loop device
cleanup_remove() { printf '%s\n' "$1" >>"$CLEANUP_REGISTRY/dirs"; }    # directory, rm -rf

# cleanup_now: the trap. Best effort: one step failing must not keep the next from running.
cleanup_now() {
    local reg=$CLEANUP_REGISTRY item i hooks pids mounts loops dirs
    [ -n "$reg" ] && [ -d "$reg" ] || return 0
    set +e
    mapfile -t hooks <"$reg/hooks"; mapfile -t pids <"$reg/pids"; mapfile -t mounts <"$reg/mounts"
    mapfile -t loops <"$reg/loops"; mapfile -t dirs <"$reg/dirs"
    for item in "${hooks[@]}"; do "$item"; done
    for item in "${pids[@]}"; do kill "$item" 2>/dev/null; done
    [ "${#pids[@]}" = 0 ] || sleep 0.2
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do unmount "${mounts[i]}"; done
    for item in "${loops[@]}"; do losetup -d "$item" 2>/dev/null; done
    for item in "${dirs[@]}"; do rm -rf "$item"; done
    rm -rf "$reg"
    CLEANUP_REGISTRY=""
}

# unmount DIR: also when it was remounted read-only or is still busy for a moment.
unmount() {
    mountpoint -q "$1" || return 0
    mount -o remount,rw "$1" 2>/dev/null
    umount "$1" 2>/dev/null || { sleep 1; umount "$1" 2>/dev/null; } || umount -l "$1" 2>/dev/null
}

# --- file systems -------------------------------------------------------------------------------

# make_fs MNT TYPE SIZE [LOSETUP_OPTION...]: a fresh TYPE (ext4, xfs) file system of SIZE in the
# image MNT.img on a loop device of our own, mounted at MNT and registered for cleanup; prints MNT.
make_fs() {
    local mnt=$1 type=$2 size=$3 dev
    shift 3
    mkdir -p "$mnt" && truncate -s "$size" "$mnt.img" || return 1
    dev=$(losetup --find --show "$@" "$mnt.img") || return 1
    cleanup_detach "$dev"
    case $type in
        xfs) mkfs.xfs -q -f "$dev" ;;
        ext4) mkfs.ext4 -q -F -m 0 "$dev" ;;
        *) echo "make_fs: unknown file system type $type" >&2; false ;;
    esac >/dev/null || return 1
    mount "$dev" "$mnt" || return 1
    cleanup_umount "$mnt"
    echo "$mnt"
}

bind_mount() { # bind_mount DIR MNT: DIR seen through a second mount point; prints MNT
    mkdir -p "$2" && mount --bind "$1" "$2" || return 1
    cleanup_umount "$2"
    echo "$2"
}

# --- digests (XXH128, Debian's xxhash) ----------------------------------------------------------

dg() { # digest of a regular file (not a link), empty when there is none
    [ -f "$1" ] && [ ! -L "$1" ] && xxh128sum <"$1" 2>/dev/null | cut -d' ' -f1
}

# snapshot DIR: NUL-separated "digest relative-path" pairs of every regular file (none under a
# .ferry directory), names of any shape (spaces, newlines) kept exact.
snapshot() {
    local dir=$1 rel
    (cd "$dir" && find . -name .ferry -prune -o -type f -print0 | sort -z) | while IFS= read -r -d '' rel; do
        printf '%s\0%s\0' "$(dg "$dir/$rel")" "${rel#./}"
    done
}

# tree_digest DIR: one digest over the names and contents of every file under DIR.
tree_digest() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r xxh128sum | xxh128sum); }

# digest_list DIR [SKIP]: `xxh128sum` lines ("digest  ./path", the format `xxh128sum -c` reads)
# of every regular file under DIR, sorted by path; SKIP names a top-level entry left out (.ferry).
digest_list() {
    local prune=()
    [ -z "${2:-}" ] || prune=(-path "./$2" -prune -o)
    (cd "$1" && find . "${prune[@]}" -type f -print0 | sort -z | xargs -0 -r xxh128sum)
}

# random_file PATH BYTES: PATH filled with BYTES random bytes, kept from an earlier run when it
# already has that size (the benchmarks' sources take a while to write).
random_file() {
    if [ ! -f "$1" ] || [ "$(stat -c %s "$1")" -ne "$2" ]; then
        head -c "$2" /dev/urandom >"$1"
    fi
}

# --- small helpers ------------------------------------------------------------------------------

is_root() { [ "$(id -u)" -eq 0 ]; }

# first_missing COMMAND...: prints the first command not on PATH; false when all are there.
first_missing() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$tool"; return 0; }
    done
    return 1
}
