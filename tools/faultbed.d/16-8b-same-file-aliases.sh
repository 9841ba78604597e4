# shellcheck shell=bash
# faultbed scenario 8b (sourced by tools/faultbed, which runs it in its own directory).

scenario s8_same_file_aliases "8b the same file by another path (bind mount, symlinked dir): refused, kept"
s8_same_file_aliases() {
    local src=$XFS/s8b/store
    make_store "$src" 2k 1 2
    snapshot "$src" >exp
    run_ferry move "$src/sealed/s-t01000-1" "$XFSBIND/s8b/store/sealed/"
    expect_status 1
    expect_err "same file"
    ln -s "$src/cache" "$XFS/s8b/alias"
    run_ferry move "$src/cache/s-t01000-2/p_aux" "$XFS/s8b/alias/s-t01000-2/p_aux"
    expect_status 1
    expect_err "same file"
    [ "$(snapshot "$src" | xxh128sum)" = "$(xxh128sum <exp)" ] || fail "LOST or changed: the store differs after moving files onto themselves"
}
