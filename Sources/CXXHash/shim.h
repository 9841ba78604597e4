#pragma once
// The dispatch header redirects XXH3_* to the runtime-dispatched (AVX2) entry points that
// Debian's libxxhash exports; the plain symbols are the ~3x slower SSE2 build.
#include <stddef.h>
#include <xxhash.h>
#include <xxh_x86dispatch.h>
