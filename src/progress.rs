//! Progress of long work, on stderr and only where a person watches: a
//! terminal, without `-q`. Ops report through the [`Progress`] trait (they
//! never print); the command picks [`bar`] or [`Silent`].

use std::io::IsTerminal;

/// What long work reports: how much there is, and each step done. Shared
/// across delivery threads, so `Sync`.
pub trait Progress: Sync {
    fn start(&self, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

/// No progress shown.
pub struct Silent;

impl Progress for Silent {}

/// An indicatif bar on stderr, drawn only once there are at least
/// `threshold` steps (a delivery of one event needs none).
pub struct Bar {
    bar: indicatif::ProgressBar,
    threshold: u64,
    message: &'static str,
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        if total >= self.threshold {
            self.bar.set_length(total);
            self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.bar.set_message(self.message);
        }
    }
    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// A bar when stderr is a terminal and not `quiet`, else [`Silent`].
pub fn bar(quiet: bool, threshold: u64, message: &'static str) -> Box<dyn Progress> {
    if quiet || !std::io::stderr().is_terminal() {
        return Box::new(Silent);
    }
    let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    Box::new(Bar {
        bar,
        threshold,
        message,
    })
}
