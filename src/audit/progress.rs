//! Progress of an audit: an indicatif bar when stderr is a terminal, plain log lines
//! (`audit: ...`) otherwise, so that logs of batch jobs stay readable.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

/// Reports the audit's steps.
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    quiet: bool,
}

impl Progress {
    /// A bar on a terminal, log lines otherwise; `steps` is the number of [`Progress::step`] calls.
    pub fn new(steps: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(steps), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} audit [{bar:30.cyan/blue}] {pos}/{len} {elapsed_precise} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            quiet: false,
        }
    }

    /// No output at all (library use, tests).
    pub fn hidden() -> Progress {
        Progress {
            bar: None,
            start: Instant::now(),
            quiet: true,
        }
    }

    /// Starts a step: the bar shows its message; a log line is printed otherwise.
    pub fn step(&self, message: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(message.to_string());
        } else if !self.quiet {
            eprintln!(
                "audit: {message} ({:.1} s)",
                self.start.elapsed().as_secs_f64()
            );
        }
    }

    /// Ends a step.
    pub fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Ends the run with a closing line.
    pub fn finish(&self, message: &str) {
        let secs = self.start.elapsed().as_secs_f64();
        if let Some(bar) = &self.bar {
            bar.finish_with_message(format!("{message} ({secs:.1} s)"));
        } else if !self.quiet {
            eprintln!("audit: {message} ({secs:.1} s)");
        }
    }
}
