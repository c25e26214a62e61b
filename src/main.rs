//! The `zonescope` command line: parse, call, exit code. No logic lives here.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zonescope::config::Config;
use zonescope::source::{self, Severity};

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
    /// Write the deterministic Henan sample (or a province / national benchmark set).
    Sample {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value = "sample")]
        scale: zonescope::sample::Scale,
        #[arg(long, default_value_t = 2014)]
        seed: u64,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a calendar date in the form YYYY-MM-DD"))
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
/// else, without `--data`, the bundled sample's config (which names the sample).
fn resolve(data: Option<String>, config: Option<PathBuf>) -> Result<(Config, String), String> {
    let config_path = match config {
        Some(p) => Some(p),
        None if Path::new("zonescope.toml").exists() => Some(PathBuf::from("zonescope.toml")),
        None if data.is_none() => Some(sample_dir().join("zonescope.toml")),
        None => None,
    };
    let cfg = match &config_path {
        Some(p) => Config::from_file(p).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let src = data.or_else(|| cfg.data.clone()).ok_or_else(|| {
        "no data source: pass --data SRC or set `data` in the config file".to_string()
    })?;
    Ok((cfg, src))
}

fn as_of(cli: Option<NaiveDate>, cfg: &Config) -> NaiveDate {
    cli.or(cfg.as_of)
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Loads for serve/audit: problems are printed; errors stop the run.
fn load_for_use(src: &str, cfg: &Config) -> Result<zonescope::dataset::Dataset, ExitCode> {
    match source::load(src, cfg) {
        Ok(loaded) => {
            let errors = loaded
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            for f in loaded
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
            {
                eprintln!("{f}");
            }
            let warnings = loaded.findings.len() - errors;
            if warnings > 0 {
                eprintln!("{src}: {warnings} warning(s); `zonescope check` lists them.");
            }
            if errors > 0 {
                eprintln!("{errors} input problem(s) found in {src}; fix them (see `zonescope check`) and run again.");
                return Err(ExitCode::from(2));
            }
            Ok(loaded.dataset)
        }
        Err(e) => {
            eprintln!("{e}");
            Err(ExitCode::from(2))
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { data, config } => {
            let (cfg, src) = match resolve(data, config) {
                Ok(x) => x,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            match source::load(&src, &cfg) {
                Ok(loaded) => {
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
                        "{src}: {} zones, {} parcels, {} road links, {} villages; {errors} error(s), {warnings} warning(s)",
                        ds.zones.len(),
                        ds.parcels.len(),
                        ds.roads.len(),
                        ds.villages.len()
                    );
                    if errors > 0 {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => {
                    println!("{e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Serve {
            data,
            config,
            addr,
            as_of: cli_as_of,
        } => {
            let (cfg, src) = match resolve(data, config) {
                Ok(x) => x,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            let as_of = as_of(cli_as_of, &cfg);
            let ds = match load_for_use(&src, &cfg) {
                Ok(ds) => ds,
                Err(code) => return code,
            };
            let mut layers = zonescope::dataset::input_layers(&ds);
            layers.extend(zonescope::analysis::run_all(&ds, &cfg.rules, as_of));
            let mut server = cfg.server.clone();
            if let Some(a) = addr {
                server.addr = a;
            }
            let input = zonescope::serve::ServeInput {
                layers,
                as_of,
                source: ds.source.clone(),
                config: server,
            };
            match zonescope::serve::run(input) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e:#}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Audit {
            data,
            out,
            as_of: cli_as_of,
            config,
            zones,
        } => {
            let (cfg, src) = match resolve(data, config) {
                Ok(x) => x,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            let as_of = as_of(cli_as_of, &cfg);
            let ds = match load_for_use(&src, &cfg) {
                Ok(ds) => ds,
                Err(code) => return code,
            };
            let opts = zonescope::audit::AuditOptions {
                out,
                as_of,
                zones,
                rules: cfg.rules.clone(),
            };
            match zonescope::audit::run(&ds, &opts) {
                Ok(summary) => {
                    println!("{summary}");
                    ExitCode::SUCCESS
                }
                Err(e) if e.is::<zonescope::audit::UnknownZone>() => {
                    eprintln!("{e}");
                    ExitCode::from(2)
                }
                Err(e) => {
                    eprintln!("{e:#}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Export {
            data,
            out,
            as_of: cli_as_of,
            config,
        } => {
            let (cfg, src) = match resolve(data, config) {
                Ok(x) => x,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            let as_of = as_of(cli_as_of, &cfg);
            let ds = match load_for_use(&src, &cfg) {
                Ok(ds) => ds,
                Err(code) => return code,
            };
            let mut layers = zonescope::dataset::input_layers(&ds);
            layers.extend(zonescope::analysis::run_all(&ds, &cfg.rules, as_of));
            let write = || -> std::io::Result<()> {
                std::fs::create_dir_all(&out)?;
                for l in &layers {
                    let text = zonescope::layer::geojson::feature_collection(l).to_string();
                    std::fs::write(out.join(format!("{}.geojson", l.id)), text)?;
                }
                Ok(())
            };
            match write() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("cannot write layers to {}: {e}", out.display());
                    ExitCode::from(1)
                }
            }
        }
        Command::Sample { out, scale, seed } => {
            match zonescope::sample::generate(&zonescope::sample::SampleOptions {
                out,
                scale,
                seed,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e:#}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
