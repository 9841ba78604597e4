# shellcheck shell=bash
# faultbed scenario 4 (sourced by tools/faultbed, which runs it in its own directory).

scenario s4_sigkill "4  SIGKILL at >= 50 points of an export ext4 -> xfs, resumed each time"
s4_sigkill() {
    local seed=$EXT4/s4/seed src=$EXT4/s4/store dst=$XFS/s4/lotus files transitions step point rounds=0 killed=0
    make_store "$seed" 2k 1 2 3 && make_store "$seed" 8m 4
    snapshot "$seed" >exp
    files=$(find "$seed" -type f | wc -l)
    transitions=$((files * 6))   # planned copying synced verified committed source-removed
    step=$(( transitions / 56 )); [ "$step" -ge 1 ] || step=1
    for point in $(seq 1 "$step" "$transitions"); do
        rm -rf "$src" "$XFS/s4"; mkdir -p "$src" "$XFS/s4"; cp -a "$seed/." "$src/"
        FERRY_TEST_KILL_AFTER=$point "$FERRY" export files --miner t01000 --src "$src" --dest-path "$dst" --chunk-size 64KiB --memory 1MiB >"$OUT" 2>"$ERR"
        RC=$?; rounds=$((rounds + 1))
        [ "$RC" = 137 ] && killed=$((killed + 1))
        check_nothing_lost exp "$src" "$dst"
        check_no_foreign exp "$dst"
        export_files "$src" "$dst"
        [ "$RC" = 0 ] || fail "resume after a kill at $point: status $RC: $(head -c 300 "$ERR")"
        check_all_moved exp "$src" "$dst"
        check_no_foreign exp "$dst"
        [ -s "$FAILS" ] && { fail "(first failure at kill point $point)"; return; }
    done
    [ "$rounds" -ge 50 ] || fail "only $rounds kill points"
    [ "$killed" -ge $((rounds * 9 / 10)) ] || fail "the kill hook fired in only $killed of $rounds rounds"
    echo "killed $killed of $rounds rounds"
}
