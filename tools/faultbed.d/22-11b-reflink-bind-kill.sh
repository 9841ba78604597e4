# shellcheck shell=bash
# faultbed scenario 11b (sourced by tools/faultbed, which runs it in its own directory).

scenario s11_reflink_bind_kill "11b move across two mounts of one xfs by clone, killed at every step, resumed"
s11_reflink_bind_kill() {
    local seed=$XFS/s11b/seed src=$XFS/s11b/store dst=$XFSBIND/s11b/lotus point rounds=0
    make_store "$seed" 2k 1 && make_store "$seed" 8m 2
    snapshot "$seed" >exp
    for point in $(seq 1 2 36); do
        rm -rf "$src" "$XFS/s11b/lotus"; mkdir -p "$src"; cp -a "$seed/." "$src/"
        FERRY_TEST_KILL_AFTER=$point "$FERRY" export files --miner t01000 --src "$src" --dest-path "$dst" >"$OUT" 2>"$ERR"
        rounds=$((rounds + 1))
        check_nothing_lost exp "$src" "$dst"
        export_files "$src" "$dst" --json
        [ "$RC" = 0 ] || fail "resume after a kill at $point: status $RC: $(head -c 300 "$ERR")"
        check_all_moved exp "$src" "$dst"
        check_no_foreign exp "$dst"
        [ -s "$FAILS" ] && { fail "(first failure at kill point $point)"; return; }
    done
    grep -q '"method":"copy"' "$OUT" && fail "a file was copied between two mounts of one xfs instead of cloned"
    echo "$rounds rounds"
}
