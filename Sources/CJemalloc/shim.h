// jemalloc (Debian's libjemalloc-dev), linked into the service executables on Linux: built
// without a symbol prefix, it is the process's malloc. See Sources/ServiceAllocator.
#include <jemalloc/jemalloc.h>
