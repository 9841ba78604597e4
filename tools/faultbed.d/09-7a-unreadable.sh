# shellcheck shell=bash
# faultbed scenario 7a (sourced by tools/faultbed, which runs it in its own directory).

scenario s7_unreadable "7a unreadable file and directory (run as nobody): refused, kept"
s7_unreadable() {
    local src=$EXT4/s7a/store dst=$XFS/s7a/lotus
    make_store "$src" 2k 1 2 3
    snapshot "$src" >exp
    mkdir -p "$dst" && chown -R nobody:nogroup "$src" "$dst" "$EXT4/s7a"
    chown root:root "$src/cache/s-t01000-1/t_aux" "$src/cache/s-t01000-2" && chmod 000 "$src/cache/s-t01000-1/t_aux" "$src/cache/s-t01000-2"
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$FERRY" move "$src/sealed" "$src/cache" "$dst/" >"$OUT" 2>"$ERR"
    # shellcheck disable=SC2034 # RC is what expect_status (tools/lib/faultbed.sh) reads
    RC=$?
    expect_status 1
    expect_err "cache/s-t01000-1/t_aux: cannot open the source: Permission denied"
    expect_err "cache/s-t01000-2: cannot list the directory: Permission denied"
    check_nothing_lost exp "$src" "$dst"
    check_no_foreign exp "$dst"
    [ "$(dg "$src/cache/s-t01000-1/t_aux")" ] || fail "the unreadable file is gone from the source"
    [ -d "$src/cache/s-t01000-2" ] || fail "the unreadable directory is gone"
    chmod 755 "$src/cache/s-t01000-2"
    [ "$(find "$src/cache/s-t01000-2" -mindepth 1 -maxdepth 1 | wc -l)" = 3 ] || fail "the unreadable directory lost files"
}
