# shellcheck shell=bash
# faultbed scenario 11c (sourced by tools/faultbed, which runs it in its own directory).

scenario s11_reflink_always_ext4 "11c --reflink always on ext4 fails every file, nothing moved"
s11_reflink_always_ext4() {
    local src=$EXT4/s11c/store dst=$EXT4/s11c/lotus
    make_store "$src" 2k 1
    snapshot "$src" >exp
    export_files "$src" "$dst" --reserve --reflink always
    expect_status 1
    expect_err "--reflink always"
    check_all_kept exp "$src" "$dst"
}
