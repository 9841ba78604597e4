# shellcheck shell=bash
# faultbed scenario 7b (sourced by tools/faultbed, which runs it in its own directory).

scenario s7_dir_at_dest "7b a directory where the destination file should be: refused, kept"
s7_dir_at_dest() {
    local src=$EXT4/s7b/store dst=$XFS/s7b/lotus
    make_store "$src" 2k 1 2
    snapshot "$src" >exp
    mkdir -p "$dst/sealed/s-t01000-1/inner"
    run_ferry move "$src/sealed" "$src/cache" "$dst/"
    expect_status 1
    expect_err "exists and is not a regular file"
    check_nothing_lost exp "$src" "$dst"
    [ "$(dg "$src/sealed/s-t01000-1")" ] || fail "the refused source is gone"
}
