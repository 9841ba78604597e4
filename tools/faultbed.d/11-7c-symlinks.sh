# shellcheck shell=bash
# faultbed scenario 7c (sourced by tools/faultbed, which runs it in its own directory).

scenario s7_symlinks "7c symlinks in a cache dir pointing outside the store: refused, not followed"
s7_symlinks() {
    local src=$EXT4/s7c/store dst=$XFS/s7c/lotus out=$EXT4/s7c/outside
    make_store "$src" 2k 1 2 3
    mkdir -p "$XFS/s7c" "$out/dir" && head -c 5000 /dev/urandom >"$out/secret" && head -c 3000 /dev/urandom >"$out/dir/other"
    snapshot "$out" >outside.exp
    ln -s "$out/secret" "$src/cache/s-t01000-1/evil"
    rm -rf "$src/cache/s-t01000-3" && ln -s "$out/dir" "$src/cache/s-t01000-3"
    snapshot "$src" >exp   # regular files only: the links are not part of what must arrive
    run_ferry move "$src/sealed" "$src/cache" "$dst/"
    expect_status 1
    expect_err "evil: is a symbolic link"
    expect_err "s-t01000-3: is a symbolic link"
    check_nothing_lost exp "$src" "$dst"
    check_no_foreign exp "$dst"
    [ "$(snapshot "$out" | xxh128sum)" = "$(xxh128sum <outside.exp)" ] || fail "files outside the store were touched"
    { [ -L "$src/cache/s-t01000-1/evil" ] && [ -L "$src/cache/s-t01000-3" ]; } || fail "a refused link was removed from the source"
    { [ -e "$dst/cache/s-t01000-1/evil" ] || [ -L "$dst/cache/s-t01000-1/evil" ]; } && fail "a link was carried to the destination"
}
