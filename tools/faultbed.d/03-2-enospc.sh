# shellcheck shell=bash
# faultbed scenario 2 (sourced by tools/faultbed, which runs it in its own directory).

scenario s2_enospc "2  destination fills up (ENOSPC): clean stop, resume after space is freed"
s2_enospc() {
    local src=$EXT4/s2/store tiny dst avail
    tiny=$(make_fs "$W/s2-tiny" ext4 64M) || { fail "cannot make the small file system"; return; }
    dst=$tiny/lotus
    make_store "$src" 8m 1 2 3 4
    snapshot "$src" >exp
    # Leave room for about two of the four sectors; the ballast is what the operator deletes later
    # (online resize2fs is not allowed in every container, deleting a file is).
    avail=$(df --output=avail -B1 "$tiny" | tail -1)
    fallocate -l $((avail - 18 * 1024 * 1024)) "$tiny/ballast" || fail "cannot place the ballast"
    export_files "$src" "$dst" --jobs 1
    expect_status 1
    # The journal shares the full disk, so the run ends on "journal write failed … No space left
    # on device" (exit 1) before export's closing counts line; that line is the lead's to add.
    # --min-free (1% by default) refuses the sectors that do not fit before they start; the
    # engine's ENOSPC path stays the backstop.
    grep -qiE "no space left|min-free" "$ERR" || fail "stderr says nothing about space: $(head -c 600 "$ERR")"
    check_nothing_lost exp "$src" "$dst"
    check_no_foreign exp "$dst"
    [ -e "$dst/sealed/s-t01000-1" ] || fail "nothing fit: the scenario did not stop mid-run"
    rm -f "$tiny/ballast"
    export_files "$src" "$dst" --jobs 1
    expect_status 0
    # Sectors that were refused whole up front are all this run has left to do.
    expect_out "export failure counts: 0, total: "
    check_all_moved exp "$src" "$dst"
    check_no_foreign exp "$dst"
}
