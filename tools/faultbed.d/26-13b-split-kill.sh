# shellcheck shell=bash
# faultbed scenario 13b (sourced by tools/faultbed, which runs it in its own directory).

scenario s13b_split_kill "13b SIGKILL while sealed files are copied by several workers at once (--segment-size), resumed each time"
s13b_split_kill() {
    local seed=$EXT4/s13b/seed src=$EXT4/s13b/store dst=$XFS/s13b/lotus files transitions step point moment rounds=0 killed=0
    # 8 MiB sealed files in 1 MiB segments, four streams per device: every idle worker joins.
    local split=(--segment-size 1MiB --streams-per-device 4 --jobs 4 --chunk-size 64KiB --memory 2MiB)
    make_store "$seed" 2k 1 && make_store "$seed" 8m 2 3
    snapshot "$seed" >exp
    files=$(find "$seed" -type f | wc -l)
    transitions=$((files * 6))   # planned copying synced verified committed source-removed
    step=$(( transitions / 24 )); [ "$step" -ge 1 ] || step=1
    for point in $(seq 1 "$step" "$transitions"); do
        s13b_fresh "$seed" "$src"
        FERRY_TEST_KILL_AFTER=$point "$FERRY" export files --miner t01000 --src "$src" --dest-path "$dst" "${split[@]}" >"$OUT" 2>"$ERR"
        RC=$?; rounds=$((rounds + 1))
        [ "$RC" = 137 ] && killed=$((killed + 1))
        s13b_resume exp "$src" "$dst" "kill at $point" "${split[@]}"
        [ -s "$FAILS" ] && { fail "(first failure at kill point $point)"; return; }
    done
    [ "$rounds" -ge 20 ] || fail "only $rounds kill points"
    [ "$killed" -ge $((rounds * 8 / 10)) ] || fail "the kill hook fired in only $killed of $rounds rounds"
    # Between journal transitions: one file is held at MOMENT while the other workers (its
    # helpers among them) go on; SIGKILL lands wherever their segments are.
    for moment in source-opened copied; do
        s13b_fresh "$seed" "$src"
        pause_at "$moment" "$PWD/pause" export files --miner t01000 --src "$src" --dest-path "$dst" "${split[@]}" \
            || { fail "$moment: ferry ended before the pause: $(head -c 300 "$ERR")"; continue; }
        kill -9 "$PAUSED"; wait "$PAUSED"; rm -f "$PWD/pause"
        s13b_resume exp "$src" "$dst" "SIGKILL at $moment" "${split[@]}"
    done
    echo "killed $killed of $rounds rounds, then twice between transitions"
}

s13b_fresh() { rm -rf "$2" "$XFS/s13b"; mkdir -p "$2" "$XFS/s13b"; cp -a "$1/." "$2/"; }

s13b_resume() { # EXPECTED SRC DST CONTEXT FLAGS...: nothing lost now; all moved after a resume
    local expected=$1 src=$2 dst=$3 context=$4; shift 4
    check_nothing_lost "$expected" "$src" "$dst"
    check_no_foreign "$expected" "$dst"
    export_files "$src" "$dst" "$@"
    [ "$RC" = 0 ] || fail "resume after $context: status $RC: $(head -c 300 "$ERR")"
    check_all_moved "$expected" "$src" "$dst"
    check_no_foreign "$expected" "$dst"
}
