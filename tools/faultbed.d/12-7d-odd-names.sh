# shellcheck shell=bash
# faultbed scenario 7d (sourced by tools/faultbed, which runs it in its own directory).

scenario s7_odd_names "7d names with spaces and newlines: moved exactly"
s7_odd_names() {
    local src=$EXT4/s7d/store dst=$XFS/s7d/lotus
    make_store "$src" 2k 1; mkdir -p "$XFS/s7d"
    head -c 777 /dev/urandom >"$src/cache/s-t01000-1/with space"
    head -c 778 /dev/urandom >"$src/cache/s-t01000-1/new"$'\n'"line"
    head -c 779 /dev/urandom >"$src/cache/s-t01000-1/tab"$'\t'"and \\ backslash"
    snapshot "$src" >exp
    run_ferry move "$src/sealed" "$src/cache" "$dst/"
    expect_status 0
    check_all_moved exp "$src" "$dst"
}
