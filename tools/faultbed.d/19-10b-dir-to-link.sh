# shellcheck shell=bash
# faultbed scenario 10b (sourced by tools/faultbed, which runs it in its own directory).

scenario s10_dir_to_link "10b a directory swapped for a link mid-move: nothing outside is read or deleted"
s10_dir_to_link() {
    local src=$EXT4/s10b/tree dst=$XFS/s10b/dst out=$EXT4/s10b/outside i
    mkdir -p "$src/sub" "$out" "$XFS/s10b"
    for i in 1 2 3 4 5 6; do
        head -c $((300000 + i)) /dev/urandom >"$src/sub/f$i"
        head -c $((300000 + i)) /dev/urandom >"$out/f$i"; touch -r "$src/sub/f$i" "$out/f$i"
    done
    snapshot "$out" >exp.out; snapshot "$src" >exp.src
    pause_at source-opened "$PWD/pause" move "$src" "$dst" --jobs 1 --chunk-size 64KiB --memory 256KiB \
        || { fail "ferry ended before the pause: $(head -c 300 "$ERR")"; return; }
    mv "$src/sub" "$src/sub-aside" && ln -s "$out" "$src/sub"
    resume "$PWD/pause"
    expect_status 1
    expect_err "symbolic link"
    local d p
    while IFS= read -r -d '' d && IFS= read -r -d '' p; do
        [ "$(dg "$out/$p")" = "$d" ] || fail "LOST: $out/$p outside the tree was read and removed"
    done <exp.out
    while IFS= read -r -d '' d && IFS= read -r -d '' p; do
        [ "$(dg "$src/sub-aside/${p#sub/}")" = "$d" ] || [ "$(dg "$dst/$p")" = "$d" ] || fail "LOST: $p is whole neither aside nor at the destination"
    done <exp.src
}
