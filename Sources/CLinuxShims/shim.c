#define _GNU_SOURCE
#include "CLinuxShims.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#ifndef STATX_DIOALIGN
#define STATX_DIOALIGN 0x00002000U
#endif

int ferry_open(const char *path, int flags, int direct, unsigned mode) {
    int fd = open(path, flags | (direct ? O_DIRECT : 0) | O_CLOEXEC, (mode_t)mode);
    return fd < 0 ? -errno : fd;
}

int ferry_openat(int dirfd, const char *path, int flags, int direct, unsigned mode) {
    int fd = openat(dirfd, path, flags | (direct ? O_DIRECT : 0) | O_CLOEXEC, (mode_t)mode);
    return fd < 0 ? -errno : fd;
}

int ferry_o_direct_flag(void) { return O_DIRECT; }

int ferry_fcntl_getfl(int fd) {
    int rc = fcntl(fd, F_GETFL);
    return rc < 0 ? -errno : rc;
}

int ferry_fcntl_setfl(int fd, int flags) {
    return fcntl(fd, F_SETFL, flags) < 0 ? -errno : 0;
}

int ferry_dio_alignment(int fd, uint32_t *memory, uint32_t *offset) {
    struct statx sx;
    if (statx(fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &sx) < 0) return -errno;
    if (!(sx.stx_mask & STATX_DIOALIGN)) return -EOPNOTSUPP;
    *memory = sx.stx_dio_mem_align;
    *offset = sx.stx_dio_offset_align;
    return 0;
}

int ferry_renameat2_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
    return renameat2(olddirfd, oldpath, newdirfd, newpath, RENAME_NOREPLACE) < 0 ? -errno : 0;
}

int ferry_fallocate(int fd, int64_t length) {
    return fallocate(fd, 0, 0, (off_t)length) < 0 ? -errno : 0;
}

int ferry_block_size(int fd, uint32_t *logical) {
    struct statfs fs;
    if (fstatfs(fd, &fs) < 0) return -errno;
    *logical = (uint32_t)fs.f_bsize;
    return 0;
}

#include <linux/openat2.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>

static int open_per_component(int dirfd, const char *path, int flags, unsigned mode) {
    char buffer[4096];
    size_t length = strlen(path);
    if (length >= sizeof buffer) return -ENAMETOOLONG;
    memcpy(buffer, path, length + 1);
    int current = dirfd, owned = 0;
    char *cursor = buffer;
    for (;;) {
        char *slash = strchr(cursor, '/');
        if (slash) *slash = 0;
        if (strcmp(cursor, "..") == 0) { if (owned) close(current); return -EXDEV; }
        int last = slash == NULL;
        int fd = (*cursor == 0 || strcmp(cursor, ".") == 0) && !last
            ? -2
            : openat(current, *cursor ? cursor : ".", last ? (flags | O_NOFOLLOW | O_CLOEXEC) : (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), (mode_t)mode);
        if (fd == -2) { cursor = slash + 1; continue; }
        int saved = errno;
        if (owned) close(current);
        if (fd < 0) return -saved;
        if (last) return fd;
        current = fd;
        owned = 1;
        cursor = slash + 1;
    }
}

int ferry_open_beneath(int dirfd, const char *path, int flags, unsigned mode) {
#ifdef SYS_openat2
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC);
    how.mode = (flags & O_CREAT) ? mode : 0;
    how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    int fd;
    do { fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how); } while (fd < 0 && errno == EINTR);
    if (fd >= 0) return fd;
    if (errno != ENOSYS && errno != EPERM) return -errno;  // EPERM: a seccomp filter that blocks it
#endif
    return open_per_component(dirfd, path, flags, mode);
}

int ferry_fstatat_nofollow(int dirfd, const char *name, struct stat *st) {
    return fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

int ferry_unlinkat(int dirfd, const char *name, int directory) {
    return unlinkat(dirfd, name, directory ? AT_REMOVEDIR : 0) < 0 ? -errno : 0;
}

int ferry_renameat2(int olddirfd, const char *oldname, int newdirfd, const char *newname, int noreplace) {
    return renameat2(olddirfd, oldname, newdirfd, newname, noreplace ? RENAME_NOREPLACE : 0) < 0 ? -errno : 0;
}

int ferry_mkdirat(int dirfd, const char *name, unsigned mode) {
    return mkdirat(dirfd, name, (mode_t)mode) < 0 ? -errno : 0;
}

int ferry_flock(int fd, int exclusive, int nonblocking) {
    int op = (exclusive ? LOCK_EX : LOCK_SH) | (nonblocking ? LOCK_NB : 0);
    int rc;
    do { rc = flock(fd, op); } while (rc < 0 && errno == EINTR);
    return rc < 0 ? -errno : 0;
}

#include <linux/fs.h>
#include <sys/ioctl.h>

int ferry_ficlone(int dest, int source) {
    return ioctl(dest, FICLONE, source) < 0 ? -errno : 0;
}

int ferry_fs_type(const char *path, uint64_t *type) {
    struct statfs fs;
    if (statfs(path, &fs) < 0) return -errno;
    *type = (uint64_t)(uint32_t)fs.f_type;
    return 0;
}

int ferry_ioprio_set_thread(int value) {
    /* IOPRIO_WHO_PROCESS = 1; who = 0 is the calling thread (Linux keeps I/O priority per task). */
    return syscall(SYS_ioprio_set, 1, 0, value) < 0 ? -errno : 0;
}

int ferry_ioprio_get_thread(void) {
    long rc = syscall(SYS_ioprio_get, 1, 0);
    return rc < 0 ? -errno : (int)rc;
}

#include <sys/statvfs.h>

int ferry_space(int fd, uint64_t *available, uint64_t *total) {
    struct statvfs fs;
    if (fstatvfs(fd, &fs) < 0) return -errno;
    *available = (uint64_t)fs.f_bavail * fs.f_frsize;
    *total = (uint64_t)fs.f_blocks * fs.f_frsize;
    return 0;
}

#include <termios.h>

int ferry_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) < 0) return -errno;
    return size.ws_col;
}
