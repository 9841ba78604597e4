# shellcheck shell=bash
# faultbed scenario 8c (sourced by tools/faultbed, which runs it in its own directory).

scenario s8_two_runs "8c two runs on one journal at once: the second is refused, nothing lost"
s8_two_runs() {
    local a=$EXT4/s8c/a b=$EXT4/s8c/b dst=$XFS/s8c/lotus pid
    make_store "$a" 64m 1; make_store "$b" 2k 2; mkdir -p "$XFS/s8c"
    snapshot "$a" >exp.a; snapshot "$b" >exp.b
    "$FERRY" move "$a/sealed" "$a/cache" "$dst/" --jobs 1 --chunk-size 64KiB --memory 256KiB >out.a 2>err.a &
    pid=$!; cleanup_kill "$pid"
    wait_for_staging "$dst" "$pid" || fail "the first run ended before the second could start"
    run_ferry move "$b/sealed" "$b/cache" "$dst/"
    expect_status 1
    expect_err "in use by another ferry run"
    wait "$pid" || fail "the first run failed: $(head -c 300 err.a)"
    check_all_moved exp.a "$a" "$dst"
    check_all_kept exp.b "$b" "$dst"
}
