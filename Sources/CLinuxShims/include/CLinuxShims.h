#pragma once
// Linux calls that glibc declares only under _GNU_SOURCE, which Swift's Glibc module does not
// define. Each returns 0 (or a count) on success and -errno on failure, so no errno crosses over.
#include <stdint.h>
#include <sys/types.h>
#include <sys/stat.h>

int ferry_open(const char *path, int flags, int direct, unsigned mode);
int ferry_openat(int dirfd, const char *path, int flags, int direct, unsigned mode);
int ferry_fcntl_getfl(int fd);
int ferry_fcntl_setfl(int fd, int flags);
int ferry_o_direct_flag(void);
int ferry_dio_alignment(int fd, uint32_t *memory, uint32_t *offset);
int ferry_renameat2_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
int ferry_fallocate(int fd, int64_t length);
int ferry_block_size(int fd, uint32_t *logical);

// Opens `path` below `dirfd` with openat2(RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH): no component
// may be a symlink and none may climb out. Falls back to one openat(O_NOFOLLOW) per component
// on kernels without openat2 (before 5.6). Returns a descriptor or -errno (ELOOP for a link).
int ferry_open_beneath(int dirfd, const char *path, int flags, unsigned mode);
int ferry_fstatat_nofollow(int dirfd, const char *name, struct stat *st);
int ferry_unlinkat(int dirfd, const char *name, int directory);
int ferry_renameat2(int olddirfd, const char *oldname, int newdirfd, const char *newname, int noreplace);
int ferry_mkdirat(int dirfd, const char *name, unsigned mode);
int ferry_flock(int fd, int exclusive, int nonblocking);
// ioctl(FICLONE): makes `dest` share `source`'s extents (XFS with reflink, btrfs). 0 or -errno.
int ferry_ficlone(int dest, int source);
// statfs(path).f_type (the file system's magic number).
int ferry_fs_type(const char *path, uint64_t *type);
// ioprio_set(IOPRIO_WHO_PROCESS, 0, value): the calling thread's I/O priority. 0 or -errno.
int ferry_ioprio_set_thread(int value);
// ioprio_get(IOPRIO_WHO_PROCESS, 0): the calling thread's I/O priority value, or -errno.
int ferry_ioprio_get_thread(void);
// fstatvfs: bytes available to unprivileged users and the file system's size.
int ferry_space(int fd, uint64_t *available, uint64_t *total);
// ioctl(TIOCGWINSZ): the terminal's width in columns, or -errno (ENOTTY when not a terminal).
int ferry_terminal_columns(int fd);
