# shellcheck shell=bash
# faultbed's own helpers, shared by its scenarios (tools/faultbed.d/*.sh): damocles-shaped stores,
# running ferry, and the checks. A check records a failure line with `fail`; a scenario passes
# when it recorded none (in $FAILS). Sourced by tools/faultbed after tools/lib/common.sh.

# --- damocles-shaped stores ---------------------------------------------------------------------

# make_store DIR SHAPE N...: sealed/s-t01000-N of exact sector size and the finalized cache
# files (p_aux 64 B, t_aux, tree-r-last of the shape's size), random content.
make_store() {
    local dir=$1 shape=$2; shift 2
    local sealed tree n
    case $shape in
        2k) sealed=2048; tree=32 ;;
        8m) sealed=8388608; tree=18720 ;;
        *) sealed=$shape; tree=18720 ;;   # a bigger sealed file for races
    esac
    mkdir -p "$dir/sealed" "$dir/cache"
    for n in "$@"; do
        head -c "$sealed" /dev/urandom >"$dir/sealed/s-t01000-$n"
        mkdir -p "$dir/cache/s-t01000-$n"
        head -c 64 /dev/urandom >"$dir/cache/s-t01000-$n/p_aux"
        head -c $((1400 + n)) /dev/urandom >"$dir/cache/s-t01000-$n/t_aux"
        head -c "$tree" /dev/urandom >"$dir/cache/s-t01000-$n/sc-02-data-tree-r-last.dat"
    done
}

# --- checks: each records a failure line; a scenario passes when it recorded none ----------------

fail() { printf '%s\n' "$*" >>"$FAILS"; }

# Every file is whole at its source or at its destination; any file under a final name at the
# destination is whole.
check_nothing_lost() { # EXPECTED SRC DST
    local d p s t
    while IFS= read -r -d '' d && IFS= read -r -d '' p; do
        s=$(dg "$2/$p"); t=$(dg "$3/$p")
        [ -n "$t" ] && [ "$t" != "$d" ] && fail "partial or wrong file under its final name: $3/$p"
        [ "$s" != "$d" ] && [ "$t" != "$d" ] && fail "LOST: $p is whole neither at $2 nor at $3"
    done <"$1"
}

check_all_moved() { # EXPECTED SRC DST
    local d p
    while IFS= read -r -d '' d && IFS= read -r -d '' p; do
        [ "$(dg "$3/$p")" = "$d" ] || fail "$p did not arrive whole at $3"
        [ -e "$2/$p" ] && fail "$p still at the source after a finished move"
    done <"$1"
}

check_all_kept() { # EXPECTED SRC DST: a refused run changed nothing
    local d p
    while IFS= read -r -d '' d && IFS= read -r -d '' p; do
        [ "$(dg "$2/$p")" = "$d" ] || fail "$p changed or vanished at the source"
        [ -e "$3/$p" ] && fail "$p appeared at $3 although the run was refused"
    done <"$1"
}

# Nothing under DST but expected files; lotus parses every entry of these directories as
# s-t0<miner>-<number> and refuses to start on anything else; no staging name outside .ferry.
check_no_foreign() { # EXPECTED DST
    local rel sub name
    declare -A known=()
    local d p
    while IFS= read -r -d '' d && IFS= read -r -d '' p; do known["$p"]=1; done <"$1"
    while IFS= read -r -d '' rel; do
        rel=${rel#./}
        [ -n "${known[$rel]:-}" ] || fail "foreign file at the destination: $rel"
    done < <(cd "$2" && find . -path ./.ferry -prune -o \( -type f -o -type l \) -print0)
    for sub in sealed cache update update-cache unsealed; do
        [ -d "$2/$sub" ] || continue
        while IFS= read -r -d '' name; do
            [[ $name =~ ^s-t0[0-9]+-[0-9]+$ ]] || fail "lotus would refuse $2/$sub/$name"
        done < <(cd "$2/$sub" && find . -mindepth 1 -maxdepth 1 -printf '%f\0')
    done
}

# run_ferry ARGS...: runs ferry, keeping status ($RC), stdout ($OUT) and stderr ($ERR) for the
# checks below.
run_ferry() {
    "$FERRY" "$@" >"$OUT" 2>"$ERR"; RC=$?
    # The scenario's log keeps every run's outcome, for whoever reads a failure.
    printf '$ ferry %s\n-> %s\n' "$*" "$RC"; tail -n 5 "$OUT" "$ERR"
}
expect_status() {
    [ "$RC" = "$1" ] || fail "exit status $RC, expected $1; stderr: $(head -c 600 "$ERR")"
}
expect_err() { grep -qiF -- "$1" "$ERR" || fail "stderr lacks \"$1\": $(head -c 600 "$ERR")"; }
expect_out() { grep -qF -- "$1" "$OUT" || fail "stdout lacks \"$1\": $(head -c 400 "$OUT")"; }

export_files() { # SRC DST [FLAGS...]: damocles' `export files` for miner t01000
    local src=$1 dst=$2; shift 2
    # The lotus path's parent is the mounted disk an operator prepared; ferry creates only the
    # last component (without --parents).
    mkdir -p "$(dirname "$dst")"
    run_ferry export files --miner t01000 --src "$src" --dest-path "$dst" "$@"
}

wait_for_staging() { # DIR PID: until a staging file exists under DIR/.ferry/staging or PID ends
    for _ in $(seq 1 2000); do
        compgen -G "$1/.ferry/staging/*/*.part" >/dev/null && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.005
    done
    return 1
}

# change_during_copy HOW: moves one big file and changes it (HOW=append|touch) while its staged
# copy is being written; retried when the change landed too late to be "during".
change_during_copy() {
    local how=$1 src=$EXT4/s6-$1/store dst=$XFS/s6-$1/lotus f pid changed=0 before
    for _ in 1 2 3 4; do
        rm -rf "$src" "$dst"; mkdir -p "$XFS/s6-$how"
        make_store "$src" 64m 1
        f=$src/sealed/s-t01000-1
        before=$(stat -c %s "$f")
        "$FERRY" move "$src/sealed" "$dst/" --jobs 1 --chunk-size 64KiB --memory 256KiB >"$OUT" 2>"$ERR" &
        pid=$!; cleanup_kill "$pid"
        if wait_for_staging "$dst" "$pid"; then
            # nocreat / -c: never recreate a source the move already removed.
            case $how in
                append) dd if=/dev/urandom of="$f" bs=4096 count=1 conv=notrunc,nocreat oflag=append 2>/dev/null && changed=1 ;;
                touch) touch -c -m -d @1000000000 "$f" && [ -e "$f" ] && changed=1 ;;
            esac
        fi
        wait "$pid"; RC=$?
        [ "$changed" = 1 ] && ! grep -q "moved 1 file" "$OUT" && break
        changed=0
    done
    [ "$changed" = 1 ] || { fail "could not change the source during its copy in 4 attempts"; return; }
    expect_status 1
    expect_err "changed"
    [ -e "$dst/sealed/s-t01000-1" ] && fail "the changed file was put in place"
    [ -f "$f" ] || fail "LOST: the changed source was removed"
    [ "$how" = append ] && { [ "$(stat -c %s "$f")" = $((before + 4096)) ] || fail "the source does not hold the appended data"; }
    [ "$how" = touch ] && { [ "$(stat -c %Y "$f")" = 1000000000 ] || fail "the source's new mtime is gone"; }
    compgen -G "$dst/.ferry/staging/*/*" >/dev/null && fail "staging file left behind"
}

# pause_at MOMENT FLAG ARGS...: runs ferry in the background with --test-pause-at; returns once
# the first file reached MOMENT (ferry created FLAG and waits for it to go) or ferry ended.
# A handshake through the file system: no sleep decides anything.
pause_at() {
    local moment=$1 flag=$2; shift 2
    rm -f "$flag"
    "$FERRY" "$@" --test-pause-at "$moment:$flag" >"$OUT" 2>"$ERR" &
    PAUSED=$!; cleanup_kill "$PAUSED"
    for _ in $(seq 1 6000); do
        [ -e "$flag" ] && return 0
        kill -0 "$PAUSED" 2>/dev/null || return 1
        sleep 0.01
    done
    return 1
}
resume() { rm -f "$1"; wait "$PAUSED"; RC=$?; printf -- '-> %s\n' "$RC"; tail -n 5 "$OUT" "$ERR"; }
