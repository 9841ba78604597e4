// goleveldb-interop: reads and writes LevelDB the way lotus-miner does (goleveldb, no
// compression, synced writes), so ferry's tests can check compatibility with the library lotus
// actually uses. Build without modules against Debian's golang-github-syndtr-goleveldb-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o goleveldb-interop .
//
// Usage:
//
//	goleveldb-interop dump DIR                     print "hexkey hexvalue" per entry, key order
//	goleveldb-interop write DIR HEXKEY=HEXVALUE…   put the entries, then close
//	goleveldb-interop hold DIR [REPO_LOCK]         open DIR (and fcntl-lock REPO_LOCK) like a
//	                                               running lotus-miner; print "held"; wait for EOF on stdin
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// lotus node/repo/fsrepo_ds.go levelDs options.
func lotusOptions(readOnly bool) *opt.Options {
	return &opt.Options{
		Compression: opt.NoCompression,
		NoSync:      false,
		Strict:      opt.StrictAll,
		ReadOnly:    readOnly,
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: goleveldb-interop dump|write|hold DIR …")
	}
	dir := os.Args[2]
	switch os.Args[1] {
	case "dump":
		db, err := leveldb.OpenFile(dir, lotusOptions(true))
		if err != nil {
			fail("open %s: %v", dir, err)
		}
		defer db.Close()
		it := db.NewIterator(nil, nil)
		w := bufio.NewWriter(os.Stdout)
		for it.Next() {
			fmt.Fprintf(w, "%s %s\n", hex.EncodeToString(it.Key()), hex.EncodeToString(it.Value()))
		}
		it.Release()
		if err := it.Error(); err != nil {
			fail("iterate: %v", err)
		}
		w.Flush()
	case "write":
		db, err := leveldb.OpenFile(dir, lotusOptions(false))
		if err != nil {
			fail("open %s: %v", dir, err)
		}
		for _, arg := range os.Args[3:] {
			parts := strings.SplitN(arg, "=", 2)
			if len(parts) != 2 {
				fail("bad entry %q, want HEXKEY=HEXVALUE", arg)
			}
			k, err1 := hex.DecodeString(parts[0])
			v, err2 := hex.DecodeString(parts[1])
			if err1 != nil || err2 != nil {
				fail("bad hex in %q", arg)
			}
			if err := db.Put(k, v, &opt.WriteOptions{Sync: true}); err != nil {
				fail("put: %v", err)
			}
		}
		if err := db.Close(); err != nil {
			fail("close: %v", err)
		}
	case "hold":
		db, err := leveldb.OpenFile(dir, lotusOptions(false))
		if err != nil {
			fail("open %s: %v", dir, err)
		}
		if len(os.Args) > 3 {
			// go4.org/lock, as lotus uses for repo.lock: fcntl F_SETLK write lock on the whole file.
			f, err := os.OpenFile(os.Args[3], os.O_RDWR|os.O_CREATE, 0o644)
			if err != nil {
				fail("open %s: %v", os.Args[3], err)
			}
			lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0}
			if err := syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk); err != nil {
				fail("lock %s: %v", os.Args[3], err)
			}
			defer f.Close()
		}
		fmt.Println("held")
		io.Copy(io.Discard, os.Stdin)
		db.Close()
	default:
		fail("unknown command %s", os.Args[1])
	}
}
