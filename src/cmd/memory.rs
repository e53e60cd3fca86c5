//! Process-wide memory: allocator settings and the memory available, the program's to
//! choose and to measure, never the library's.

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

/// Bytes the process may still allocate: `MemAvailable` of `/proc/meminfo`, or less when the
/// process's control group has a memory limit (cgroup v2 `memory.max`, v1
/// `memory.limit_in_bytes`, minus what the group uses). `None` when neither can be read (not
/// Linux): the analysis then runs unchecked.
pub fn available_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok();
    let available = meminfo.as_deref().and_then(|text| {
        text.lines()
            .find_map(|line| line.strip_prefix("MemAvailable:"))
            .and_then(|rest| rest.trim().strip_suffix("kB"))
            .and_then(|kib| kib.trim().parse::<u64>().ok())
            .map(|kib| kib.saturating_mul(1024))
    });
    let read = |path: &str| {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| text.trim().parse::<u64>().ok())
    };
    // Unlimited groups read "max" (v2) or a huge number (v1): neither bounds anything.
    let group = [
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ]
    .iter()
    .find_map(|(limit, usage)| Some(read(limit)?.saturating_sub(read(usage).unwrap_or(0))));
    match (available, group) {
        (Some(a), Some(g)) => Some(a.min(g)),
        (a, g) => a.or(g),
    }
}

/// Parses a size such as `512M`, `4G`, `1.5G` or `1000000` (bytes; K, M, G, T are powers of
/// 1024, an optional trailing `B` or `iB` is allowed).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let upper = trimmed.to_ascii_uppercase();
    let number_part = upper
        .strip_suffix("IB")
        .or_else(|| upper.strip_suffix('B'))
        .unwrap_or(&upper);
    let (digits, scale) = match number_part.chars().last() {
        Some('K') => (&number_part[..number_part.len() - 1], 1u64 << 10),
        Some('M') => (&number_part[..number_part.len() - 1], 1 << 20),
        Some('G') => (&number_part[..number_part.len() - 1], 1 << 30),
        Some('T') => (&number_part[..number_part.len() - 1], 1 << 40),
        _ => (number_part, 1),
    };
    match digits.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && value > 0.0 => Ok((value * scale as f64) as u64),
        _ => Err(format!(
            "expected a size such as 512M, 4G or 1.5G, found {trimmed:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_binary_units() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("4g"), Ok(4 << 30));
        assert_eq!(parse_size("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size(" 2KB "), Ok(2048));
        for bad in ["", "G", "-1G", "0", "lots", "nanG"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_available_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            let bytes = available_memory().expect("/proc/meminfo has MemAvailable");
            assert!(bytes > 0);
        }
    }
}
