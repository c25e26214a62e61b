//! `zonescope-sample`: writes the deterministic Henan sample, a later snapshot of it, or a
//! province / national benchmark set, as a GeoPackage (see docs/sample.md). `zonescope sample`
//! runs this binary when it sits beside `zonescope`.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use zonescope_sample::{SampleOptions, Scale, Snapshot};

/// Write the deterministic Henan sample (or a province / national benchmark set).
#[derive(Parser)]
#[command(name = "zonescope-sample", version)]
struct Args {
    #[arg(long)]
    out: PathBuf,
    #[arg(long, value_enum, default_value = "sample")]
    scale: Scale,
    #[arg(long, default_value_t = 2014)]
    seed: u64,
    /// Write a later snapshot of the set instead (`q2`: one quarter on).
    #[arg(long, value_enum)]
    snapshot: Option<Snapshot>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let opts = SampleOptions {
        out: args.out,
        scale: args.scale,
        seed: args.seed,
    };
    let run = match args.snapshot {
        Some(s) => zonescope_sample::snapshot::generate(&opts, s),
        None => zonescope_sample::generate(&opts),
    };
    match run {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
