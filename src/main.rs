//! The `zonescope` command line: parse, call, exit code. No logic lives here.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zonescope::config::Config;
use zonescope::dataset::Dataset;
use zonescope::source::{self, Severity};

/// mimalloc instead of glibc's allocator: loading hands out and frees millions of small
/// geometry and text buffers and per-batch vectors of tens of MB, which glibc returns to the
/// kernel and faults back in zeroed (a fifth of `check`'s CPU time went to clearing pages).
/// See [`tune_allocator`] and docs/performance.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Two settings of the allocator, each measured on the province audit (docs/performance.md):
///
/// - Memory mimalloc purges is reset (`MADV_FREE`: the kernel may take it back when it needs
///   it) rather than decommitted and faulted back in zeroed on the next batch; this halved the
///   audit's system time. `MIMALLOC_PURGE_DECOMMITS=1` restores the default.
/// - Transparent huge pages are off for the process (`prctl(PR_SET_THP_DISABLE)`): mimalloc
///   asks for them on its arenas, and each first touch of a 2 MiB page made the kernel clear
///   all of it. With them the audit spent 2.1–2.7 s of system time (a fifth of its CPU) in
///   `clear_page_erms`; without them 0.9 s, for the same peak memory. `MIMALLOC_ALLOW_THP=1`
///   keeps them.
fn tune_allocator() {
    /// `mi_option_purge_decommits` in mimalloc's `mimalloc.h` (v2 and v3).
    const MI_OPTION_PURGE_DECOMMITS: libmimalloc_sys::mi_option_t = 5;
    if std::env::var_os("MIMALLOC_PURGE_DECOMMITS").is_none() {
        // SAFETY: sets a plain integer option; mimalloc reads it at each purge.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DECOMMITS, 0) };
    }
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: PR_SET_THP_DISABLE sets a flag on this process's address space and takes no
        // pointers. Its result is not needed: without it the process only runs slower.
        let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}

#[derive(Parser)]
#[command(
    name = "zonescope",
    version,
    about = "Land-use intensity, idle land, road connectivity and village relocation of industrial cluster districts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load, analyse and serve every layer over OGC API – Features.
    Serve {
        /// Data source (file or `PG:` string); default: the bundled sample.
        #[arg(long)]
        data: Option<String>,
        #[arg(long)]
        config: Option<PathBuf>,
        /// Listen address (default 127.0.0.1:8080, or the config's `[server] addr`).
        #[arg(long)]
        addr: Option<String>,
        /// Audit date YYYY-MM-DD (default: the config's `as_of`, else today).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// An earlier audit to compare with (a folder holding audit.gpkg, or the file).
        #[arg(long)]
        previous: Option<PathBuf>,
    },
    /// Batch audit: writes DIR/audit.gpkg, DIR/idle_land.csv, DIR/zones.csv, DIR/report.html.
    Audit {
        #[arg(long)]
        data: Option<String>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        config: Option<PathBuf>,
        /// Audit only this zone (repeatable).
        #[arg(long = "zone")]
        zones: Vec<String>,
        /// An earlier audit to compare with (a folder holding audit.gpkg, or the file).
        #[arg(long)]
        previous: Option<PathBuf>,
    },
    /// Validate the inputs only; exit 0 clean, 1 problems found, 2 unusable input.
    Check {
        #[arg(long)]
        data: Option<String>,
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Write every input and result layer as GeoJSON files (DIR/<layer>.geojson).
    Export {
        #[arg(long)]
        data: Option<String>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Write the deterministic Henan sample (or a province / national benchmark set): runs
    /// `zonescope-sample` (a binary of its own, built beside this one) with these arguments.
    #[command(disable_help_flag = true)]
    Sample {
        /// Passed to `zonescope-sample` (`--out FILE [--scale sample|province|national]
        /// [--seed N] [--snapshot q2]`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a calendar date in the form YYYY-MM-DD"))?;
    zonescope::config::check_as_of(d).map_err(|e| format!("`{s}` is out of range: {e}"))?;
    Ok(d)
}

/// The bundled sample's folder: `./data` when it holds the sample config, else the one
/// beside the source tree this binary was built from.
fn sample_dir() -> PathBuf {
    let here = Path::new("data");
    if here.join("zonescope.toml").exists() {
        return here.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// Config and data source: `--config` when given; else `./zonescope.toml` when present;
/// else, without `--data`, the bundled sample's config. Without `--data` or a config `data`,
/// the bundled sample.
fn resolve(data: Option<String>, config: Option<PathBuf>) -> Result<(Config, String), ExitCode> {
    let config_path = match config {
        Some(p) => Some(p),
        None if Path::new("zonescope.toml").exists() => Some(PathBuf::from("zonescope.toml")),
        None if data.is_none() => Some(sample_dir().join("zonescope.toml")),
        None => None,
    };
    let cfg = match &config_path {
        Some(p) => Config::from_file(p).map_err(|e| {
            eprintln!("{e}");
            ExitCode::from(2)
        })?,
        None => Config::default(),
    };
    let src = data.or_else(|| cfg.data.clone()).unwrap_or_else(|| {
        sample_dir()
            .join("henan_sample.gpkg")
            .to_string_lossy()
            .into_owned()
    });
    Ok((cfg, src))
}

/// The as-of date: `--as-of`, else the config's `as_of`, else today.
fn as_of(cli: Option<NaiveDate>, cfg: &Config) -> NaiveDate {
    cli.or(cfg.as_of)
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Config, as-of date and a loaded dataset for serve / audit / export: input errors are
/// printed and stop the run (exit 2); warnings are counted.
fn prepare(
    data: Option<String>,
    config: Option<PathBuf>,
    cli_as_of: Option<NaiveDate>,
) -> Result<(Config, NaiveDate, Dataset, String, Vec<source::Finding>), ExitCode> {
    let (mut cfg, src) = resolve(data, config)?;
    let shown = source::redact::display_source(&src);
    let as_of = as_of(cli_as_of, &cfg);
    // Dates far after the audit date are reported against it.
    cfg.as_of = Some(as_of);
    let loaded = source::load(&src, &cfg).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(2)
    })?;
    let errors: Vec<_> = loaded
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    for f in &errors {
        eprintln!("{f}");
    }
    let warnings = loaded.findings.len() - errors.len();
    if warnings > 0 {
        eprintln!("{shown}: {warnings} warning(s); `zonescope check` lists them.");
    }
    if !errors.is_empty() {
        eprintln!(
            "{} input problem(s) found in {shown}; fix them (see `zonescope check`) and run again.",
            errors.len()
        );
        return Err(ExitCode::from(2));
    }
    let warnings = loaded
        .findings
        .into_iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    Ok((cfg, as_of, loaded.dataset, src, warnings))
}

/// The earlier audit of `--previous`, read before the data load; a missing or incomplete one
/// is exit 2 with one sentence naming what is missing.
fn read_previous(
    path: Option<&Path>,
) -> Result<Option<zonescope::analysis::changes::AuditRecords>, ExitCode> {
    let Some(path) = path else { return Ok(None) };
    zonescope::audit::previous::read(path)
        .map(Some)
        .map_err(|e| {
            eprintln!("{e}.");
            ExitCode::from(2)
        })
}

/// Prints a failure and gives exit code 1.
/// `zonescope sample …`: the generator is the `zonescope-sample` binary beside this one (it is
/// not linked into the server).
fn sample(args: &[std::ffi::OsString]) -> ExitCode {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("zonescope-sample")))
        .filter(|p| p.exists());
    let Some(exe) = exe else {
        eprintln!(
            "zonescope-sample is not beside this binary; build it with `cargo build --release -p zonescope-sample`"
        );
        return ExitCode::from(2);
    };
    match std::process::Command::new(&exe).args(args).status() {
        Ok(s) => match s.code() {
            Some(c) => ExitCode::from(c.clamp(0, 255) as u8),
            None => ExitCode::from(1),
        },
        Err(e) => failed(format!("cannot run {}: {e}", exe.display())),
    }
}

fn failed(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(1)
}

fn check(data: Option<String>, config: Option<PathBuf>) -> Result<ExitCode, ExitCode> {
    let (cfg, src) = resolve(data, config)?;
    let loaded = source::load(&src, &cfg).map_err(|e| {
        println!("{e}");
        ExitCode::from(2)
    })?;
    for f in &loaded.findings {
        println!("{f}");
    }
    let ds = &loaded.dataset;
    let errors = loaded
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = loaded.findings.len() - errors;
    eprintln!(
        "{}: {} zones, {} parcels, {} road links, {} villages; {errors} error(s), {warnings} warning(s)",
        ds.source,
        ds.zones.len(),
        ds.parcels.len(),
        ds.roads.len(),
        ds.villages.len()
    );
    // The process exits next: the operating system frees the dataset at once.
    std::mem::forget(loaded);
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { data, config } => check(data, config),
        Command::Serve {
            data,
            config,
            addr,
            as_of,
            previous,
        } => read_previous(previous.as_deref()).and_then(|previous| {
            prepare(data, config, as_of).map(|(cfg, as_of, ds, src, _)| {
                let source = ds.source.clone();
                let results = zonescope::analysis::run(std::sync::Arc::new(ds), &cfg.rules, as_of);
                let mut server = cfg.server.clone();
                if let Some(a) = addr {
                    server.addr = a;
                }
                // Styles are looked for beside the data: the real path, which is never shown.
                if server.styles_dir.is_none() {
                    server.styles_dir = zonescope::serve::styles::find_dir(None, &src);
                }
                // The published views: every layer, and with --previous the change layers.
                let publish = move |results: std::sync::Arc<zonescope::analysis::Results>| {
                    let mut views = results.views();
                    if let Some(prev) = &previous {
                        let changes = zonescope::audit::previous::change_views(
                            &results.dataset,
                            prev,
                            as_of,
                            &views,
                        );
                        views.extend(changes);
                    }
                    (
                        views,
                        Some(zonescope::serve::as_of::AsOfSource::new(results)),
                    )
                };
                let (views, as_of_source) = publish(results);
                let input = zonescope::serve::ServeInput {
                    views,
                    as_of,
                    source,
                    config: server.clone(),
                    as_of_source,
                };
                // A reload reads the same source with the same config and as-of date.
                let reload = move || -> anyhow::Result<zonescope::serve::ServeInput> {
                    let loaded = source::load(&src, &cfg).map_err(|e| anyhow::anyhow!("{e}"))?;
                    let errors: Vec<String> = loaded
                        .findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .map(|f| f.to_string())
                        .collect();
                    if let Some(first) = errors.first() {
                        anyhow::bail!(
                            "{} input problem(s) found in {}; the first: {first}",
                            errors.len(),
                            loaded.dataset.source
                        );
                    }
                    let source = loaded.dataset.source.clone();
                    let results = zonescope::analysis::run(
                        std::sync::Arc::new(loaded.dataset),
                        &cfg.rules,
                        as_of,
                    );
                    let (views, as_of_source) = publish(results);
                    Ok(zonescope::serve::ServeInput {
                        views,
                        as_of,
                        source,
                        config: server.clone(),
                        as_of_source,
                    })
                };
                match zonescope::serve::run_reloadable(input, Some(Box::new(reload))) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => failed(format!("{e:#}")),
                }
            })
        }),
        Command::Audit {
            data,
            out,
            as_of,
            config,
            zones,
            previous,
        } => read_previous(previous.as_deref()).and_then(|previous| {
            prepare(data, config, as_of).map(|(cfg, as_of, ds, _, warnings)| {
                let opts = zonescope::audit::AuditOptions {
                    out,
                    as_of,
                    zones,
                    rules: cfg.rules.clone(),
                    previous,
                    warnings,
                    free_memory: false,
                };
                match zonescope::audit::run(std::sync::Arc::new(ds), &opts) {
                    Ok(summary) => {
                        println!("{summary}");
                        ExitCode::SUCCESS
                    }
                    Err(e) if e.is::<zonescope::audit::UnknownZone>() => {
                        eprintln!("{e}");
                        ExitCode::from(2)
                    }
                    Err(e) => failed(format!("{e:#}")),
                }
            })
        }),
        Command::Export {
            data,
            out,
            as_of,
            config,
        } => prepare(data, config, as_of).map(|(cfg, as_of, ds, _, _)| {
            let results = zonescope::analysis::run(std::sync::Arc::new(ds), &cfg.rules, as_of);
            match zonescope::layer::geojson::write_views(&results.views(), &out) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => failed(format!("cannot write layers to {}: {e}", out.display())),
            }
        }),
        Command::Sample { args } => Ok(sample(&args)),
    };
    result.unwrap_or_else(|code| code)
}
