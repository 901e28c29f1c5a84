//! The progress bar of a long check: on stderr, only on a terminal, and only once
//! the work has taken more than a moment (a quick check never flickers one).

use std::path::Path;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::i18n::Lang;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work runs before the bar appears (`SELARAS_PROGRESS_AFTER_MS` sets
/// it, for the test that looks at the bar).
fn moment() -> Duration {
    let ms = std::env::var("SELARAS_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(800);
    Duration::from_millis(ms)
}

pub struct Progress {
    bar: Option<ProgressBar>,
    stop: Mutex<Option<Sender<()>>>,
    shower: Mutex<Option<JoinHandle<()>>>,
}

impl Progress {
    /// A bar over `files` files, drawn when `show` and the work outlasts a moment.
    pub fn start(files: usize, show: bool, lang: Lang) -> Progress {
        if !show {
            return Progress {
                bar: None,
                stop: Mutex::new(None),
                shower: Mutex::new(None),
            };
        }
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
        let template = format!(
            "{{spinner}} {} [{{bar:30}}] {{pos}}/{{len}} {{elapsed}} {{wide_msg}}",
            lang.t("batch.progress")
        );
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        let (tx, rx) = channel::<()>();
        let shown = bar.clone();
        let shower = std::thread::spawn(move || {
            if let Err(RecvTimeoutError::Timeout) = rx.recv_timeout(moment()) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress {
            bar: Some(bar),
            stop: Mutex::new(Some(tx)),
            shower: Mutex::new(Some(shower)),
        }
    }

    /// One more file done.
    pub fn done(&self, path: &Path) {
        if let Some(bar) = &self.bar {
            bar.set_message(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            bar.inc(1);
        }
    }

    /// The work is over: the bar goes, leaving the terminal as it was.
    pub fn finish(&self) {
        if let Ok(mut stop) = self.stop.lock() {
            if let Some(tx) = stop.take() {
                let _ = tx.send(());
            }
        }
        if let Ok(mut shower) = self.shower.lock() {
            if let Some(h) = shower.take() {
                let _ = h.join();
            }
        }
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
