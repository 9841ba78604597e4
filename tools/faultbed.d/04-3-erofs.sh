# shellcheck shell=bash
# faultbed scenario 3 (sourced by tools/faultbed, which runs it in its own directory).

scenario s3_erofs "3  destination remounted read-only mid-run (EROFS): clean stop, resume"
s3_erofs() {
    local remounted=0 pid src=$EXT4/s3/store mnt dst
    mnt=$(make_fs "$W/s3-ro" ext4 256M) || { fail "cannot make the file system"; return; }
    dst=$mnt/lotus
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        rm -rf "$src" "$dst" "$EXT4/s3/journal"
        make_store "$src" 48m 1 2 3
        snapshot "$src" >exp
        # The journal lives on the source's file system: remount,ro is refused while any file
        # on the destination is open for writing, and LevelDB keeps its log open.
        "$FERRY" move "$src/sealed" "$src/cache" "$dst/" --jobs 1 --chunk-size 64KiB --memory 256KiB --journal "$EXT4/s3/journal" >"$OUT" 2>"$ERR" &
        pid=$!; cleanup_kill "$pid"
        # Remount at the first moment nothing is open for writing (a file being verified).
        until [ -e "$dst/sealed/s-t01000-1" ] || ! kill -0 "$pid" 2>/dev/null; do sleep 0.005; done
        until mount -o remount,ro "$mnt" 2>/dev/null && remounted=1; do kill -0 "$pid" 2>/dev/null || break; sleep 0.002; done
        wait "$pid"; RC=$?
        # The remount can land just as the last file commits: then there was nothing left to
        # refuse, and this attempt proved nothing. Try again.
        if [ "$remounted" = 1 ] && [ "$RC" = 0 ]; then
            remounted=0
            mount -o remount,rw "$mnt"
            continue
        fi
        [ "$remounted" = 1 ] && break
    done
    [ "$remounted" = 1 ] || { fail "could not remount read-only while ferry ran (10 attempts)"; mount -o remount,rw "$mnt"; return; }
    expect_status 1
    expect_err "read-only file system"
    check_nothing_lost exp "$src" "$dst"
    mount -o remount,rw "$mnt" || fail "cannot remount read-write"
    run_ferry move "$src/sealed" "$src/cache" "$dst/" --jobs 1 --journal "$EXT4/s3/journal"
    expect_status 0
    check_all_moved exp "$src" "$dst"
    check_no_foreign exp "$dst"
}
