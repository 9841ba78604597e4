# shellcheck shell=bash
# faultbed scenario 7e (sourced by tools/faultbed, which runs it in its own directory).

scenario s7_export_hostile "7e export: foreign files, dir for a sealed file, link out of a cache dir, odd names"
s7_export_hostile() {
    local src=$EXT4/s7e/store dst=$XFS/s7e/lotus out=$EXT4/s7e/outside d p
    make_store "$src" 2k 1 2 3 5
    mkdir -p "$out" && head -c 5000 /dev/urandom >"$out/secret"
    head -c 100 /dev/urandom >"$src/cache/s-t01000-2/with space"
    head -c 101 /dev/urandom >"$src/cache/s-t01000-2/new"$'\n'"line"
    snapshot "$src" >exp             # what must arrive (or stay whole): sectors 1, 2, 3, 5
    snapshot "$out" >outside.exp
    # Input ferry must leave alone, each with a clear message where it makes a sector fail.
    echo notes >"$src/sealed/notes.txt"
    echo '{}' >"$src/cache/s-t01000-3/state.json"
    head -c 2048 /dev/urandom >"$src/sealed/s-t01001-1"          # another miner's sector
    mkdir -p "$src/sealed/s-t01000-4" "$src/cache/s-t01000-4"    # a directory where the sealed file should be
    head -c 64 /dev/urandom >"$src/cache/s-t01000-4/p_aux"
    ln -s "$out/secret" "$src/cache/s-t01000-5/evil"              # a link out of the store
    snapshot "$src" >all.exp
    export_files "$src" "$dst"
    expect_status 1
    expect_err "s-t01000-4 is a non-regular file"
    expect_err "evil"
    check_nothing_lost exp "$src" "$dst"
    check_no_foreign exp "$dst"
    [ "$(snapshot "$out" | xxh128sum)" = "$(xxh128sum <outside.exp)" ] || fail "files outside the store were touched"
    [ -L "$src/cache/s-t01000-5/evil" ] || fail "the link was removed from the store"
    { [ -e "$dst/cache/s-t01000-5/evil" ] || [ -L "$dst/cache/s-t01000-5/evil" ]; } && fail "the link was carried into the lotus store"
    for p in sealed/notes.txt cache/s-t01000-3/state.json sealed/s-t01001-1 cache/s-t01000-4/p_aux; do
        [ -f "$src/$p" ] || fail "$p was taken from the store"
    done
    [ -d "$src/sealed/s-t01000-4" ] || fail "the directory in sealed/ was removed"
    while IFS= read -r -d '' d && IFS= read -r -d '' p; do
        case $p in
            *s-t01000-5*) [ "$(dg "$src/$p")" = "$d" ] || fail "$p: the refused sector lost its source" ;;
            *) { [ "$(dg "$dst/$p")" = "$d" ] && [ ! -e "$src/$p" ]; } || fail "$p: a clean sector was not moved" ;;
        esac
    done <exp
}
