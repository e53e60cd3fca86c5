//! Large buffers backed by transparent huge pages.
//!
//! Every 4 KiB page a buffer touches for the first time costs a page fault, and in virtual
//! machines a fault is dear: the vote records of the UNGA history alone (14 MB, written twice
//! while the input is read and sorted) took some 8,000 of them, a quarter of the run's system
//! time. Asking the kernel for 2 MiB pages on such buffers (`madvise(MADV_HUGEPAGE)`, honoured
//! when transparent huge pages are in `madvise` or `always` mode, the usual settings) turns
//! 512 faults into one. Elsewhere, or when the kernel declines, nothing changes.

/// Buffers smaller than this are left alone: a huge page is only used for a 2 MiB-aligned
/// stretch, and zeroing one costs more than the few faults it would save.
const MIN_BYTES: usize = 4 << 20;

/// Asks for huge pages under the allocation of `buffer` (its whole capacity). Contents and
/// behaviour are unchanged; only how the kernel backs pages not yet touched.
pub(crate) fn prefer_huge_pages<T>(buffer: &Vec<T>) {
    let bytes = buffer.capacity().saturating_mul(size_of::<T>());
    if bytes < MIN_BYTES {
        return;
    }
    advise(buffer.as_ptr() as usize, bytes);
}

/// A vector of `len` copies of `value`, on huge pages (see the module documentation),
/// written on every thread (the first touch of each page is most of the cost).
pub(crate) fn filled<T: Clone + Send + Sync>(value: T, len: usize) -> Vec<T> {
    use rayon::prelude::*;
    let mut buffer = Vec::with_capacity(len);
    prefer_huge_pages(&buffer);
    buffer.par_extend(rayon::iter::repeat_n(value, len));
    buffer
}

/// Blocks of up to this size are served from (and freed back to) the process's heap.
#[cfg(target_os = "linux")]
fn advise(start: usize, bytes: usize) {
    const HUGE_PAGE: usize = 2 << 20;
    let first = start.next_multiple_of(HUGE_PAGE);
    let end = (start + bytes) / HUGE_PAGE * HUGE_PAGE;
    if end > first {
        // SAFETY: the range lies inside one live allocation of ours, and MADV_HUGEPAGE neither
        // reads nor writes memory nor unmaps anything: it only marks how the kernel may back
        // the range. A refusal (old kernel, THP disabled) is harmless, so the result is ignored.
        unsafe {
            libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_start: usize, _bytes: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filled_buffers_hold_their_values() {
        let small = filled(7u32, 10);
        assert_eq!(small, vec![7u32; 10]);
        let large = filled(3u64, 3 << 20);
        assert_eq!(large.len(), 3 << 20);
        assert!(large.iter().all(|&v| v == 3));
        let mut grown: Vec<u8> = Vec::with_capacity(MIN_BYTES * 2);
        prefer_huge_pages(&grown);
        grown.extend(std::iter::repeat_n(1u8, MIN_BYTES * 2));
        assert_eq!(
            grown.iter().map(|&b| usize::from(b)).sum::<usize>(),
            MIN_BYTES * 2
        );
    }
}
