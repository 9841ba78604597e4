#pragma once
// Order matters: a glibc header must come before liburing.h (it defines _XOPEN_SOURCE itself and
// would otherwise give fd_set a different shape than SwiftGlibc), and the kernel's uapi header
// before liburing's copy so both use one definition of io_uring_sqe.
#include <features.h>
#include <sys/types.h>
#include <stdint.h>
#include <linux/io_uring.h>
#include <liburing.h>
