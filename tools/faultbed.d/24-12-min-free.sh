# shellcheck shell=bash
# faultbed scenario 12 (sourced by tools/faultbed, which runs it in its own directory).

scenario s12_min_free "12  --min-free: a sector that would cross it is refused whole, dry run included"
s12_min_free() {
    local src=$EXT4/s12/store fs dst avail keep
    fs=$(make_fs "$W/s12-fs" ext4 64M) || { fail "cannot make the file system"; return; }
    dst=$fs/lotus
    make_store "$src" 8m 1 2 3
    snapshot "$src" >exp
    avail=$(df --output=avail -B1 "$fs" | tail -1)
    keep=$((avail - 12 * 1024 * 1024))    # room for one 8 MiB sector and its cache, not two
    export_files "$src" "$dst" --min-free "$keep" --dry-run
    expect_err "min-free"
    [ -e "$dst/sealed" ] && fail "the dry run created the destination"
    export_files "$src" "$dst" --min-free "$keep"
    expect_status 1
    expect_err "export sector 2 file: not started: needs"
    expect_out "export failure counts: 2, total: 3"
    [ "$(dg "$dst/sealed/s-t01000-1")" != "" ] || fail "sector 1 did not arrive"
    for n in 2 3; do
        [ -e "$dst/cache/s-t01000-$n" ] && fail "sector $n left cache files at the destination"
        [ -e "$src/sealed/s-t01000-$n" ] || fail "LOST: sector $n's source is gone"
    done
    check_nothing_lost exp "$src" "$dst"
    [ "$(df --output=avail -B1 "$fs" | tail -1)" -ge "$keep" ] || fail "the reserve was crossed"
}
