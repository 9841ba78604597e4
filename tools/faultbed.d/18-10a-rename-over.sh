# shellcheck shell=bash
# faultbed scenario 10a (sourced by tools/faultbed, which runs it in its own directory).

scenario s10_rename_over "10a a file renamed over the source mid-move (same size, mtime) is kept"
s10_rename_over() {
    local moment src dst f new
    for moment in source-opened copied verified committed; do
        src=$EXT4/s10a-$moment/store; dst=$XFS/s10a-$moment/lotus
        make_store "$src" 8m 1; mkdir -p "$XFS/s10a-$moment"
        f=$src/sealed/s-t01000-1
        pause_at "$moment" "$PWD/pause" move "$src/sealed" "$dst/" --jobs 1 --chunk-size 64KiB --memory 256KiB \
            || { fail "$moment: ferry ended before the pause: $(head -c 300 "$ERR")"; continue; }
        # What rsync -a or `cp -p tmp && mv tmp f` leave: new bytes, same size and mtime, new inode.
        head -c "$(stat -c %s "$f")" /dev/urandom >"$f.tmp" && touch -r "$f" "$f.tmp" && mv "$f.tmp" "$f"
        new=$(dg "$f")
        resume "$PWD/pause"
        expect_status 1
        if [ "$moment" = committed ]; then
            expect_err "the source changed after it was copied"
        else
            expect_err "the source was replaced during the copy"
        fi
        [ "$(dg "$f")" = "$new" ] || fail "LOST at $moment: the file renamed over the source was deleted"
    done
}
