//! The progress bar of a long read, drawn on stderr when it is a terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use votebloc::ingest::Progress;

/// An indicatif bar that the library's readers advance.
#[derive(Debug, Clone)]
pub struct Bar(indicatif::ProgressBar);

impl Bar {
    /// A bar when stderr is a terminal, `None` otherwise (pipes and logs get no bar).
    pub fn on_terminal() -> Option<Bar> {
        std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{msg} {bar:40} {bytes}/{total_bytes} {elapsed}",
            ) {
                bar.set_style(style);
            }
            Bar(bar)
        })
    }

    /// The bar as the library takes it.
    pub fn as_progress(&self) -> Arc<dyn Progress> {
        Arc::new(self.clone())
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Progress for Bar {
    fn start(&self, path: &Path, total: u64, done: u64) {
        self.0.set_length(total);
        self.0.set_position(done);
        self.0.set_message(path.display().to_string());
    }

    fn advance(&self, bytes: u64) {
        self.0.inc(bytes);
    }
}
