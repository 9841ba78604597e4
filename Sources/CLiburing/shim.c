#include "CLiburing.h"
#include <errno.h>
#include <string.h>

#ifndef IORING_SETUP_SINGLE_ISSUER
#define IORING_SETUP_SINGLE_ISSUER (1U << 12)
#endif
#ifndef IORING_SETUP_DEFER_TASKRUN
#define IORING_SETUP_DEFER_TASKRUN (1U << 13)
#endif

int ferry_uring_init(struct io_uring *ring, unsigned entries, unsigned *used_flags) {
    struct io_uring_params params;
    memset(&params, 0, sizeof(params));
    params.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    int rc = io_uring_queue_init_params(entries, ring, &params);
    if (rc == -EINVAL) {
        memset(&params, 0, sizeof(params));
        rc = io_uring_queue_init_params(entries, ring, &params);
    }
    if (used_flags) *used_flags = rc == 0 ? params.flags : 0;
    return rc;
}

unsigned ferry_uring_drain(struct io_uring *ring, uint64_t *tags, int32_t *results, unsigned max) {
    unsigned count = 0;
    unsigned head;
    struct io_uring_cqe *cqe;
    io_uring_for_each_cqe(ring, head, cqe) {
        if (count == max) break;
        tags[count] = cqe->user_data;
        results[count] = cqe->res;
        count++;
    }
    io_uring_cq_advance(ring, count);
    return count;
}

int ferry_uring_submit_wait(struct io_uring *ring, unsigned wait_nr) {
    if (wait_nr == 0) return io_uring_submit_and_get_events(ring);
    return io_uring_submit_and_wait(ring, wait_nr);
}

unsigned ferry_uring_fsync_datasync_flag(void) { return IORING_FSYNC_DATASYNC; }
