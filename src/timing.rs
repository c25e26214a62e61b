//! Phase timings on stderr when `ZONESCOPE_TIMING` is set (for the load benchmark): wall
//! time and this thread's CPU time (from /proc, Linux only).

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ZONESCOPE_TIMING").is_some())
}

/// CPU seconds used by the calling thread so far (0 where /proc is missing).
fn thread_cpu_s() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|n| n.parse::<f64>().ok())
        })
        .map_or(0.0, |ns| ns / 1e9)
}

/// CPU seconds used by the whole process so far (user + system).
fn process_cpu_s() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start at state (field 3).
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Resident memory of the process, MB (from /proc/self/status).
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A point in time for [`lap`].
#[derive(Clone, Copy)]
pub struct Mark {
    wall: Instant,
    cpu_s: f64,
    process_cpu_s: f64,
}

/// Now.
pub fn mark() -> Mark {
    let on = enabled();
    Mark {
        wall: Instant::now(),
        cpu_s: if on { thread_cpu_s() } else { 0.0 },
        process_cpu_s: if on { process_cpu_s() } else { 0.0 },
    }
}

/// Prints `what` with the wall and thread CPU time since `since` when timing is on; returns now.
pub fn lap(since: Mark, what: &str) -> Mark {
    let now = mark();
    if enabled() {
        eprintln!(
            "timing: {what}: {:.3} s wall, {:.3} s CPU on this thread, {:.2} s CPU in the process, RSS {:.0} MB",
            since.wall.elapsed().as_secs_f64(),
            now.cpu_s - since.cpu_s,
            now.process_cpu_s - since.process_cpu_s,
            rss_mb()
        );
    }
    now
}

/// Runs `f`, printing its timing as `what` (see [`lap`]) when timing is on.
pub fn timed<R>(what: &str, f: impl FnOnce() -> R) -> R {
    let t = mark();
    let r = f();
    lap(t, what);
    r
}
