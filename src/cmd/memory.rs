//! Process-wide allocator settings: the program's to choose, never the library's.

/// Blocks of up to this size are served from (and freed back to) the process's heap.
const MMAP_THRESHOLD: usize = 32 << 20;

/// Makes glibc's `malloc` keep freed blocks of up to [`MMAP_THRESHOLD`] for reuse, instead of
/// giving each block over 128 KiB its own mapping, returned to the kernel when freed.
///
/// Why: `timeline` runs one analysis per period, each allocating and freeing the same
/// few-hundred-KiB tables (a period's votes, its similarity matrix); from fresh mappings,
/// every page of each costs a fault and a zeroing again. glibc raises the threshold by itself
/// after the first frees, but only to the largest block it has seen freed. The price is
/// memory: freed blocks stay in the process, so only `timeline` asks for it, after reading
/// its input (measurements in `BENCHMARKS.md`). A no-op without glibc.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tuning parameter of the allocator, under glibc's own
    // lock, so other threads may be allocating meanwhile. A refusal (returns 0) leaves the
    // defaults, harmlessly.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int);
    }
}
