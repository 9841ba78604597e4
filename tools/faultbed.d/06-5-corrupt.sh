# shellcheck shell=bash
# faultbed scenario 5 (sourced by tools/faultbed, which runs it in its own directory).

scenario s5_corrupt "5  destination corrupted between fsync and verify: detected, source kept"
s5_corrupt() {
    local src=$EXT4/s5/store dst=$XFS/s5/lotus d p
    make_store "$src" 8m 1 2 3
    snapshot "$src" >exp
    FERRY_TEST_CORRUPT_AFTER_SYNC=sealed/s-t01000-2 export_files "$src" "$dst"
    expect_status 1
    expect_err "verification failed"
    expect_out "export failure counts: 1, total: 3"
    check_nothing_lost exp "$src" "$dst"
    check_no_foreign exp "$dst"
    while IFS= read -r -d '' d && IFS= read -r -d '' p; do
        case $p in
            # The whole sector's sources stay (a sector is never split); its sealed file is refused.
            sealed/s-t01000-2) { [ "$(dg "$src/$p")" = "$d" ] && [ ! -e "$dst/$p" ]; } || fail "$p: corrupted copy not refused, or source not kept" ;;
            *s-t01000-2*) [ "$(dg "$src/$p")" = "$d" ] || fail "$p: a file of the failed sector lost its source" ;;
            *) { [ "$(dg "$dst/$p")" = "$d" ] && [ ! -e "$src/$p" ]; } || fail "$p: an unharmed file was not moved" ;;
        esac
    done <exp
    export_files "$src" "$dst"
    expect_status 0
    check_all_moved exp "$src" "$dst"
}
