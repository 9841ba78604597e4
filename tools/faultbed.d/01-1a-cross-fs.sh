# shellcheck shell=bash
# faultbed scenario 1a (sourced by tools/faultbed, which runs it in its own directory).

scenario s1_cross_fs "1a export files ext4 -> xfs: copied, verified, sources removed"
s1_cross_fs() {
    local src=$EXT4/s1/store dst=$XFS/s1/lotus
    make_store "$src" 8m 1 2 && make_store "$src" 2k 3 4
    snapshot "$src" >exp
    export_files "$src" "$dst"
    expect_status 0
    expect_out "move file from $src/sealed/s-t01000-1 to $dst/sealed/s-t01000-1"
    expect_out "export failure counts: 0, total: 4"
    check_nothing_lost exp "$src" "$dst"
    check_all_moved exp "$src" "$dst"
    check_no_foreign exp "$dst"
}
