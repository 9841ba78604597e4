# shellcheck shell=bash
# faultbed scenario 9 (sourced by tools/faultbed, which runs it in its own directory).

# Scenario 9 holds a lotus datastore with goleveldb, the library lotus uses: build_interop sets
# INTEROP to tools/goleveldb-interop built (once), or INTEROP_ERROR to why it could not be.
build_interop() {
    INTEROP=; INTEROP_ERROR="go is not installed"
    command -v go >/dev/null || return 0
    INTEROP_ERROR=$(cd "$ROOT/tools/goleveldb-interop" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=${GOCACHE:-/var/tmp/ferry-gocache} \
        go build -o "$W/goleveldb-interop" main.go 2>&1) && INTEROP=$W/goleveldb-interop
}

# hold_repo REPO [LOCKFILE]: keeps a lotus datastore open (and repo.lock locked) the way a running
# lotus-miner does, until release_repo.
hold_repo() {
    mkfifo hold.in
    "$INTEROP" hold "$1/datastore/metadata" ${2:+"$2"} <hold.in >hold.out 2>&1 &
    HOLDER=$!; cleanup_kill "$HOLDER"
    exec 7>hold.in
    for _ in $(seq 1 400); do grep -q held hold.out && return 0; sleep 0.01; done
    fail "the repo holder did not start: $(cat hold.out)"
}
release_repo() { exec 7>&-; wait "$HOLDER" 2>/dev/null; rm -f hold.in; }

scenario s9_repo_held "9  lotus repo held (repo.lock + LevelDB LOCK): export metadata and lotus attach refused"
s9_repo_held() {
    local repo=$PWD/lotusminer store=$EXT4/s9/store before mode
    build_interop
    [ -n "$INTEROP" ] || { fail "tools/goleveldb-interop could not be built: $INTEROP_ERROR"; return; }
    make_store "$store" 2k 1000
    mkdir -p "$repo/datastore"
    # /miner-address = f01000 (protocol 0, uvarint 1000), written by goleveldb as lotus would.
    "$INTEROP" write "$repo/datastore/metadata" 2f6d696e65722d61646472657373=00e807 || { fail "cannot make the repo"; return; }
    echo '{"StoragePaths":[]}' >"$repo/storage.json"
    for mode in both leveldb-only; do
        touch "$repo/repo.lock"
        if [ "$mode" = both ]; then hold_repo "$repo" "$repo/repo.lock"; else hold_repo "$repo"; fi
        before=$(tree_digest "$repo")
        run_ferry export metadata --miner f01000 --dest-repo "$repo" --from-json "$ROOT/Tests/Fixtures/damocles/cc-1000.json"
        expect_status 1
        expect_err "is lotus-miner running"
        run_ferry lotus attach --repo "$repo" --path "$store" --init --store
        expect_status 1
        expect_err "is lotus-miner running"
        [ "$(tree_digest "$repo")" = "$before" ] || fail "($mode) the held repo changed"
        [ -e "$repo/ferry-backup" ] && fail "($mode) a backup was written although the export was refused"
        [ -e "$store/sectorstore.json" ] && fail "($mode) attach wrote sectorstore.json although it was refused"
        release_repo
    done
    rm -f "$repo/repo.lock"   # lotus removes it on a clean stop
    run_ferry export metadata --miner f01000 --dest-repo "$repo" --from-json "$ROOT/Tests/Fixtures/damocles/cc-1000.json"
    expect_status 0
}
