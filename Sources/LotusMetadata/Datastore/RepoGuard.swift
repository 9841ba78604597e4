import Glibc

/// Holds the locks that keep lotus-miner out while ferry reads or writes its datastore.
///
/// Two locks, because neither alone is enough: lotus holds `repo.lock` with POSIX `fcntl`
/// (go4.org/lock) and goleveldb holds `datastore/metadata/LOCK` with `flock`. C++ LevelDB locks
/// `LOCK` with `fcntl`, which on Linux does not conflict with `flock` — so libleveldb alone would
/// happily open a datastore a running lotus-miner is writing. We take both, non-blocking, and
/// keep them until `release()`, so lotus cannot start half-way through either.
public final class RepoGuard {
    public let repo: LotusRepo
    private var repoLockFD: Int32 = -1
    private var levelLockFD: Int32 = -1

    public init(repo: LotusRepo) throws(DatastoreError) {
        self.repo = repo
        var st = stat()
        guard stat(repo.path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
            throw .notARepo("\(repo.path): not a directory (expected a lotus-miner repo)")
        }
        guard stat(repo.metadataPath, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
            throw .notARepo("\(repo.metadataPath): missing; is \(repo.path) an initialised lotus-miner repo?")
        }
        guard access(repo.metadataPath + "/CURRENT", F_OK) == 0 else {
            throw .notARepo("\(repo.metadataPath): not a LevelDB datastore (no CURRENT file)")
        }
        try lockRepoFile()
        try lockLevelDB()
    }

    deinit { release() }

    public func release() {
        if levelLockFD >= 0 { close(levelLockFD); levelLockFD = -1 }
        if repoLockFD >= 0 { close(repoLockFD); repoLockFD = -1 }
    }

    /// lotus removes `repo.lock` on clean shutdown, so a missing file means "not running"; we do
    /// not create one (lotus treats a non-empty lock file as an error, and we would leave litter).
    private func lockRepoFile() throws(DatastoreError) {
        let fd = open(repo.repoLockPath, O_RDWR | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return }
            throw .io("\(repo.repoLockPath): \(String(cString: strerror(errno)))")
        }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        if fcntl(fd, F_SETLK, &lock) != 0 {
            let err = errno
            var probe = flock()
            probe.l_type = Int16(F_WRLCK)
            probe.l_whence = Int16(SEEK_SET)
            let holder = fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != Int16(F_UNLCK) ? " by pid \(probe.l_pid)" : ""
            close(fd)
            if err == EAGAIN || err == EACCES {
                throw .lotusRunning("\(repo.repoLockPath) is locked\(holder)")
            }
            throw .io("\(repo.repoLockPath): fcntl lock: \(String(cString: strerror(err)))")
        }
        repoLockFD = fd
    }

    private func lockLevelDB() throws(DatastoreError) {
        let path = repo.metadataPath + "/LOCK"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io("\(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            close(fd)
            if err == EWOULDBLOCK { throw .lotusRunning("\(path) is held (flock)") }
            throw .io("\(path): flock: \(String(cString: strerror(err)))")
        }
        levelLockFD = fd
    }
}
