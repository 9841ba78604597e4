#pragma once
// Order matters: a glibc header must come before liburing.h (it defines _XOPEN_SOURCE itself and
// would otherwise give fd_set a different shape than SwiftGlibc), and the kernel's uapi header
// before liburing's copy so both use one definition of io_uring_sqe.
#include <features.h>
#include <sys/types.h>
#include <stdint.h>
#include <linux/io_uring.h>
#include <liburing.h>

/// Sets up `ring`, asking for SINGLE_ISSUER|DEFER_TASKRUN first and retrying without them on
/// kernels that refuse. Returns 0 or -errno; `*used_flags` tells which flags stuck.
int ferry_uring_init(struct io_uring *ring, unsigned entries, unsigned *used_flags);

/// Moves up to `max` completions into the arrays and advances the CQ once.
unsigned ferry_uring_drain(struct io_uring *ring, uint64_t *tags, int32_t *results, unsigned max);

/// Flushes queued SQEs and waits for at least `wait_nr` completions (0 = just reap task work).
int ferry_uring_submit_wait(struct io_uring *ring, unsigned wait_nr);

unsigned ferry_uring_fsync_datasync_flag(void);
