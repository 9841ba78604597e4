# shellcheck shell=bash
# faultbed scenario 8a (sourced by tools/faultbed, which runs it in its own directory).

scenario s8_inside "8a destination inside the source; source equal to destination: refused"
s8_inside() {
    local src=$EXT4/s8a/store
    make_store "$src" 2k 1 2
    snapshot "$src" >exp
    run_ferry move "$src" "$src/inner"
    expect_status 1
    expect_err "inside the source"
    run_ferry move "$src/sealed/s-t01000-1" "$src/sealed/s-t01000-1"
    expect_status 1
    expect_err "same file"
    run_ferry move "$src/sealed" "$src/"
    expect_status 1
    expect_err "same file"
    [ "$(snapshot "$src" | xxh128sum)" = "$(xxh128sum <exp)" ] || fail "the store changed"
    [ -e "$src/inner" ] && fail "the refused run created $src/inner"
}
