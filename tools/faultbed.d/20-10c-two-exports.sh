# shellcheck shell=bash
# faultbed scenario 10c (sourced by tools/faultbed, which runs it in its own directory).

scenario s10_two_exports "10c a second export of one store (to another lotus path) is refused"
s10_two_exports() {
    local src=$EXT4/s10c/store a=$XFS/s10c/lotus-a b=$XFS/s10c/lotus-b
    make_store "$src" 8m 1 2; mkdir -p "$XFS/s10c"
    snapshot "$src" >exp
    pause_at source-opened "$PWD/pause" export files --miner t01000 --src "$src" --dest-path "$a" --jobs 1 --chunk-size 64KiB --memory 256KiB \
        || { fail "the first export ended before the pause: $(head -c 300 "$ERR")"; return; }
    "$FERRY" export files --miner t01000 --src "$src" --dest-path "$b" >out.b 2>err.b; local rc=$?
    [ "$rc" = 1 ] || fail "the second export exited $rc, expected 1: $(head -c 300 err.b)"
    grep -q "in use by another ferry export" err.b || fail "the second export does not say why: $(head -c 300 err.b)"
    "$FERRY" export files --miner t01000 --src "$src" --dest-path "$b" --reserve >out.c 2>err.c; rc=$?
    [ "$rc" = 1 ] || fail "a --reserve copy during the move exited $rc, expected 1"
    resume "$PWD/pause"
    expect_status 0
    check_all_moved exp "$src" "$a"
    [ -n "$(find "$b" -type f -not -path '*/.ferry/*' 2>/dev/null)" ] && fail "the refused export wrote files into $b"
}
