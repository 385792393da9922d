#ifndef CIM_MALLOC_COUNTER_H
#define CIM_MALLOC_COUNTER_H

#include <stdint.h>

/// 1 when this process's allocations go through the counter (Linux with glibc), else 0.
int cim_malloc_counter_available(void);
/// Starts counting allocation calls (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign).
void cim_malloc_counter_enable(void);
/// Stops counting; the count is kept.
void cim_malloc_counter_disable(void);
/// Sets the count to zero.
void cim_malloc_counter_reset(void);
/// Allocation calls counted while enabled.
uint64_t cim_malloc_counter_count(void);

#endif
