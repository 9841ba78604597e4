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
