# shellcheck shell=bash
# faultbed scenario 1b (sourced by tools/faultbed, which runs it in its own directory).

scenario s1_exdev "1b same xfs through two mounts (EXDEV), --reflink never: copied, not renamed"
s1_exdev() {
    local src=$XFS/s1b/store dst=$XFSBIND/s1b/lotus
    make_store "$src" 8m 1 && make_store "$src" 2k 2
    snapshot "$src" >exp
    # The data path itself; the default (--reflink auto) clones here, which 11b covers.
    run_ferry move "$src/sealed" "$src/cache" "$dst/" --json --reflink never
    expect_status 0
    [ "$(grep -c '"method":"copy"' "$OUT")" = 8 ] || fail "expected 8 verified copies across the mounts: $(head -c 400 "$OUT")"
    check_nothing_lost exp "$src" "$XFS/s1b/lotus"
    check_all_moved exp "$src" "$XFS/s1b/lotus"
}
