#if canImport(CJemalloc)
import CJemalloc
#endif

/// The memory allocator a service process runs on.
///
/// On Linux every service executable links jemalloc (Debian's `libjemalloc-dev`): under the
/// Person service's load it gave 1.04–1.11× the commands/s of glibc's malloc for 0.82–0.92× the
/// service's CPU per command (`perf/README.md`). Building with `CIM_SYSTEM_MALLOC=1` in the
/// environment leaves it out (the system's malloc then serves). The service logs `describe()`
/// when it starts.
package enum ServiceAllocator {
    /// What serves this process's allocations, checked rather than assumed: jemalloc is named
    /// only if an allocation made now shows in its own per-thread count. `unexpected` is true
    /// when jemalloc was linked in but does not serve (the service says so with a warning).
    package static func describe() -> (text: String, unexpected: Bool) {
        #if canImport(CJemalloc)
        guard let version = jemallocVersion() else {
            return ("system malloc (jemalloc is linked but does not answer mallctl)", true)
        }
        guard servesAllocations() else {
            return ("system malloc (jemalloc \(version) is loaded but another malloc serves allocations)", true)
        }
        return ("jemalloc \(version)", false)
        #else
        return ("system malloc", false)
        #endif
    }

    #if canImport(CJemalloc)
    /// jemalloc's version, from `mallctl("version")`.
    static func jemallocVersion() -> String? {
        var version: UnsafePointer<CChar>? = nil
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &version, &size, nil, 0) == 0, let version else { return nil }
        return String(cString: version)
    }

    /// Whether an allocation through the process's malloc is counted by jemalloc.
    static func servesAllocations() -> Bool {
        guard let before = allocatedByThisThread() else { return false }
        let bytes = 1 << 16
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        defer { buffer.deallocate() }
        guard let after = allocatedByThisThread() else { return false }
        return after >= before + UInt64(bytes)
    }

    private static func allocatedByThisThread() -> UInt64? {
        var allocated: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        guard mallctl("thread.allocated", &allocated, &size, nil, 0) == 0 else { return nil }
        return allocated
    }
    #endif
}
