//! Progress on stderr while collecting: regions × services done, calls made, errors so far.

use crate::interceptor::Stats;
use std::time::Duration;

/// Progress on stderr: regions × services done, calls made, errors so far.
pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    pub(crate) fn new(show: bool, total: usize) -> Progress {
        let bar = show.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} collecting {pos}/{len} region×service [{bar:20}] {msg} {elapsed}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress { bar }
    }

    pub(crate) fn update(&self, stats: &Stats, done: bool) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "· {} calls · {} errors",
                stats.calls(),
                stats.errors()
            ));
            if done {
                bar.inc(1);
            }
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
