# shellcheck shell=bash
# faultbed scenario 11a (sourced by tools/faultbed, which runs it in its own directory).

scenario s11_reflink_reserve "11a export --reserve on one xfs: cloned, no space used, extents shared"
s11_reflink_reserve() {
    local src=$XFS/s11a/store dst=$XFS/s11a/lotus before after d p
    make_store "$src" 8m 1 2 3
    snapshot "$src" >exp
    sync; before=$(df --output=used -B1 "$XFS" | tail -1)
    export_files "$src" "$dst" --reserve --json
    expect_status 0
    sync; after=$(df --output=used -B1 "$XFS" | tail -1)
    [ $((after - before)) -lt $((4 * 1024 * 1024)) ] || fail "the clones used $((after - before)) bytes (3 sectors of 8 MiB)"
    grep -q '"method":"reflink"' "$OUT" || fail "no file reported as reflink: $(head -c 300 "$OUT")"
    grep -q '"method":"copy"' "$OUT" && fail "some file was copied instead of cloned"
    filefrag -v "$dst/sealed/s-t01000-1" | grep -q shared || fail "the destination does not share extents"
    while IFS= read -r -d '' d && IFS= read -r -d '' p; do
        [ "$(dg "$src/$p")" = "$d" ] || fail "$p changed at the source"
    done <exp
    check_no_foreign exp "$dst"
}
