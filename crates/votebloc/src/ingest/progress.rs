//! How far the reading of an input has got, for whoever shows it (the command line draws a
//! bar on a terminal; the library itself shows nothing).

use std::io::Read;
use std::path::Path;

/// Told how much of an input has been read. Implementations must be cheap: `advance` is
/// called once per buffer read (64 KiB), from several threads when a file is read in parts.
pub trait Progress: Send + Sync + std::fmt::Debug {
    /// Reading of `path` starts: it holds `total` bytes as stored (compressed for `.gz`), of
    /// which `done` are already read.
    fn start(&self, path: &Path, total: u64, done: u64);
    /// `bytes` more bytes were read.
    fn advance(&self, bytes: u64);
}

/// A reader that tells `progress` how many bytes went through it.
pub(crate) struct Counted<'a, R> {
    inner: R,
    progress: &'a dyn Progress,
}

impl<'a, R> Counted<'a, R> {
    pub(crate) fn new(inner: R, progress: &'a dyn Progress) -> Self {
        Counted { inner, progress }
    }
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[derive(Debug, Default)]
    struct Count(AtomicU64);

    impl Progress for Count {
        fn start(&self, _: &Path, _: u64, done: u64) {
            self.0.store(done, Ordering::Relaxed);
        }
        fn advance(&self, bytes: u64) {
            self.0.fetch_add(bytes, Ordering::Relaxed);
        }
    }

    #[test]
    fn counted_reads_report_every_byte() {
        let count = Count::default();
        count.start(Path::new("x"), 10, 2);
        let mut out = Vec::new();
        Counted::new(&b"abcdefgh"[..], &count)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"abcdefgh");
        assert_eq!(count.0.load(Ordering::Relaxed), 10);
    }
}
