# shellcheck shell=bash
# faultbed scenario 13 (sourced by tools/faultbed, which runs it in its own directory).

scenario s13_two_dests_kill "13  SIGKILL during an export to two --dest-path: never split, placement kept, resumed each time"
s13_two_dests_kill() {
    local seed=$EXT4/s13/seed src=$EXT4/s13/store a b files transitions step point rounds=0 killed=0
    a=$(make_fs "$W/s13-a" ext4 160M) || { fail "cannot make file system a"; return; }
    b=$(make_fs "$W/s13-b" ext4 160M) || { fail "cannot make file system b"; return; }
    make_store "$seed" 2k 1 2 3 && make_store "$seed" 8m 4 5
    snapshot "$seed" >exp
    files=$(find "$seed" -type f | wc -l)
    transitions=$((files * 6))
    step=$(( transitions / 20 )); [ "$step" -ge 1 ] || step=1
    for point in $(seq 1 "$step" "$transitions"); do
        rm -rf "$src" "$a/lotus" "$b/lotus"; mkdir -p "$src"; cp -a "$seed/." "$src/"
        run_ferry export files --miner t01000 --src "$src" --dest-path "$a/lotus" --dest-path "$b/lotus" --dry-run
        placement_of_dry_run >planned
        [ "$(cut -d' ' -f2 planned | sort -u | wc -l)" = 2 ] || fail "the dry run did not use both paths: $(tr '\n' ' ' <planned)"
        FERRY_TEST_KILL_AFTER=$point "$FERRY" export files --miner t01000 --src "$src" --dest-path "$a/lotus" --dest-path "$b/lotus" \
            --chunk-size 64KiB --memory 1MiB >"$OUT" 2>"$ERR"
        RC=$?; rounds=$((rounds + 1))
        [ "$RC" = 137 ] && killed=$((killed + 1))
        check_two_dests exp "$src" "$a/lotus" "$b/lotus" partial
        run_ferry export files --miner t01000 --src "$src" --dest-path "$a/lotus" --dest-path "$b/lotus"
        [ "$RC" = 0 ] || fail "resume after a kill at $point: status $RC: $(head -c 300 "$ERR")"
        check_two_dests exp "$src" "$a/lotus" "$b/lotus" finished
        placement_on_disk "$a/lotus" "$b/lotus" | cmp -s - planned || fail "kill at $point: sectors ended elsewhere than placed: $(placement_on_disk "$a/lotus" "$b/lotus" | tr '\n' ' ') vs $(tr '\n' ' ' <planned)"
        check_no_foreign exp "$a/lotus"; check_no_foreign exp "$b/lotus"
        [ -s "$FAILS" ] && { fail "(first failure at kill point $point)"; return; }
    done
    [ "$rounds" -ge 15 ] || fail "only $rounds kill points"
    [ "$killed" -ge $((rounds * 8 / 10)) ] || fail "the kill hook fired in only $killed of $rounds rounds"
    echo "killed $killed of $rounds rounds"
}

# "N PATH" per sector, from the dry run's `sector N → PATH (reason: …)` lines.
placement_of_dry_run() { sed -n 's/^sector \([0-9]*\) → \([^ ]*\) (reason.*/\1 \2/p' "$OUT" | sort -n; }

# "N PATH" per sector found under either path (a sector on both is printed twice).
placement_on_disk() {
    local path n
    for path in "$@"; do
        for n in "$path"/sealed/s-t01000-*; do [ -e "$n" ] && echo "${n##*-} $path"; done
    done | sort -n
}

# Every file whole at the source or at one of the paths, none partial under a final name, no
# sector with files on both paths; `finished`: every file arrived and left the source.
check_two_dests() { # EXPECTED SRC A B partial|finished
    local d p s ta tb sector
    declare -A on=()
    while IFS= read -r -d '' d && IFS= read -r -d '' p; do
        s=$(dg "$2/$p"); ta=$(dg "$3/$p"); tb=$(dg "$4/$p")
        sector=$(sed -n 's/.*s-t01000-\([0-9]*\).*/\1/p' <<<"$p")
        [ -n "$ta" ] && [ "$ta" != "$d" ] && fail "partial or wrong file under its final name: $3/$p"
        [ -n "$tb" ] && [ "$tb" != "$d" ] && fail "partial or wrong file under its final name: $4/$p"
        [ "$s" != "$d" ] && [ "$ta" != "$d" ] && [ "$tb" != "$d" ] && fail "LOST: $p is whole nowhere"
        [ -n "$ta" ] && on[$sector]+=a
        [ -n "$tb" ] && on[$sector]+=b
        if [ "$5" = finished ]; then
            [ "$ta" = "$d" ] || [ "$tb" = "$d" ] || fail "$p did not arrive"
            [ -e "$2/$p" ] && fail "$p still at the source after a finished move"
        fi
    done <"$1"
    for sector in "${!on[@]}"; do
        [[ ${on[$sector]} == *a* && ${on[$sector]} == *b* ]] && fail "sector $sector is split over both paths"
    done
}
