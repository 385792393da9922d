// Counts allocation calls made anywhere in the benchmark process (Swift runtime included).
// The executable defines malloc & co; the dynamic linker resolves every library's malloc to the
// executable's definition first, so no LD_PRELOAD is needed. Each definition forwards to glibc.
#include "CMallocCounter.h"

#include <stdatomic.h>
#include <stddef.h>

static atomic_int counting;
static atomic_uint_fast64_t allocations;

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static inline void count_one(void) {
    if (atomic_load_explicit(&counting, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    }
}

void *malloc(size_t size) {
    count_one();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    count_one();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    count_one();
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    count_one();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count_one();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) {
        return EINVAL;
    }
    count_one();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) {
        return ENOMEM;
    }
    *result = pointer;
    return 0;
}

int cim_malloc_counter_available(void) { return 1; }
#else
int cim_malloc_counter_available(void) { return 0; }
#endif

void cim_malloc_counter_enable(void) { atomic_store(&counting, 1); }
void cim_malloc_counter_disable(void) { atomic_store(&counting, 0); }
void cim_malloc_counter_reset(void) { atomic_store(&allocations, 0); }
uint64_t cim_malloc_counter_count(void) { return (uint64_t)atomic_load(&allocations); }
