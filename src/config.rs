//! `zonescope.toml`: where the data are, how their layers and fields are named, which CRS a
//! layer without one is in, the rules, and the server's settings. Nothing here reads layers.

use crate::rules::{OutOfRange, RangeCheck, Rules};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The whole configuration file. Every section is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Default as-of (audit) date; the command line's `--as-of` wins; else today.
    /// Written as a TOML date (`as_of = 2014-12-31`) or a string (`as_of = "2014-12-31"`).
    #[serde(deserialize_with = "de_opt_date")]
    pub as_of: Option<NaiveDate>,
    /// Default data source (a path, relative to the config file, or a `PG:` string).
    pub data: Option<String>,
    pub layers: LayerMappings,
    pub rules: Rules,
    pub server: ServerConfig,
    /// `[evaluation]`: the same as `[rules.evaluation]` (one of the two may be given).
    pub evaluation: Option<crate::rules::EvaluationRules>,
    /// `[benefit]`: the same as `[rules.benefit]` (one of the two may be given).
    pub benefit: Option<crate::rules::BenefitRules>,
}

/// The four input layers' names, CRS and field names in the source.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LayerMappings {
    pub zones: LayerMapping,
    pub parcels: LayerMapping,
    pub roads: LayerMapping,
    pub villages: LayerMapping,
}

/// How one input layer appears in the source.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LayerMapping {
    /// Layer name in the source when it differs from the contract's (`zones`, …).
    pub name: Option<String>,
    /// CRS for a layer that has none (`EPSG:4547`, WKT or PROJ string).
    pub crs: Option<String>,
    /// Contract field name → field name in the source, e.g. `parcel_id = "ZDDM"`.
    pub fields: BTreeMap<String, String>,
}

impl LayerMapping {
    /// The layer's name in the source.
    pub fn layer_name<'a>(&'a self, default: &'a str) -> &'a str {
        self.name.as_deref().unwrap_or(default)
    }
    /// The source field name for a contract field name.
    pub fn field_name<'a>(&'a self, contract: &'a str) -> &'a str {
        self.fields
            .get(contract)
            .map(String::as_str)
            .unwrap_or(contract)
    }
}

/// `[server]`: HTTP settings; `--addr` wins over `addr`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    pub addr: String,
    /// Allowed CORS origins; empty means any origin.
    pub cors_origins: Vec<String>,
    /// Request timeout, seconds.
    pub request_timeout_s: u64,
    /// Public base URL used in links (e.g. behind a proxy); default from the Host header.
    pub base_url: Option<String>,
    /// `Cache-Control: max-age` for data responses, seconds.
    pub cache_max_age_s: u64,
    /// Seconds a client has to send a request's headers once it connected (or after the
    /// previous response, on a kept-alive connection).
    pub header_read_timeout_s: u64,
    /// Seconds a kept-alive connection may stay idle between requests.
    pub idle_timeout_s: u64,
    /// Seconds a response may take to be written to a client that reads slowly or not at all.
    pub write_timeout_s: u64,
    /// Connections served at once; further clients wait in the listen queue.
    pub max_connections: usize,
    /// Seconds to let running requests finish after SIGTERM/SIGINT before closing anyway.
    pub shutdown_grace_s: u64,
    /// Token for `POST /admin/reload` (`Authorization: Bearer <token>`); none disables it.
    pub admin_token: Option<String>,
    /// Folder of layer styles (`<collection-id>.qml|.sld|.maplibre.json`); default: a
    /// `styles/` folder next to the data, else the working directory's, else the source tree's.
    pub styles_dir: Option<PathBuf>,
    /// Raster basemap for the web map at `/map`: a tile URL template with `{z}`, `{x}`, `{y}`
    /// (e.g. a departmental tile server); none by default (the map loads nothing else).
    pub basemap_url: Option<String>,
    /// Attribution shown with the basemap.
    pub basemap_attribution: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: "127.0.0.1:8080".into(),
            cors_origins: Vec::new(),
            request_timeout_s: 30,
            base_url: None,
            cache_max_age_s: 60,
            header_read_timeout_s: 10,
            idle_timeout_s: 60,
            write_timeout_s: 60,
            max_connections: 1024,
            shutdown_grace_s: 10,
            admin_token: None,
            styles_dir: None,
            basemap_url: None,
            basemap_attribution: None,
        }
    }
}

/// A date given as a TOML local date or as `YYYY-MM-DD` text.
fn de_opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    use serde::de::Error;
    let text = match toml::Value::deserialize(d)? {
        toml::Value::String(s) => s,
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        other => {
            return Err(D::Error::custom(format!(
                "`as_of` must be a date like 2014-12-31, not `{other}`"
            )))
        }
    };
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            D::Error::custom(format!(
                "`as_of` = `{text}` is not a calendar date in the form YYYY-MM-DD"
            ))
        })
}

/// A configuration error: the file and what is wrong, in one sentence.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
}

impl Config {
    /// Reads and parses a config file; relative `data` paths are made relative to its folder.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut cfg = Config::from_toml(&text).map_err(|message| ConfigError::Parse {
            path: path.to_path_buf(),
            message,
        })?;
        if let (Some(data), Some(dir)) = (&cfg.data, path.parent()) {
            if !data.starts_with("PG:") && Path::new(data).is_relative() {
                cfg.data = Some(dir.join(data).to_string_lossy().into_owned());
            }
        }
        Ok(cfg)
    }

    /// Parses TOML text and checks every value's range.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        let mut cfg: Config =
            toml::from_str(text).map_err(|e| e.to_string().trim().replace('\n', " "))?;
        if let Some(e) = cfg.evaluation.take() {
            if cfg.rules.evaluation != crate::rules::EvaluationRules::default() {
                return Err("give [evaluation] or [rules.evaluation], not both".to_string());
            }
            cfg.rules.evaluation = e;
        }
        if let Some(b) = cfg.benefit.take() {
            if cfg.rules.benefit != crate::rules::BenefitRules::default() {
                return Err("give [benefit] or [rules.benefit], not both".to_string());
            }
            cfg.rules.benefit = b;
        }
        cfg.range_check()?;
        cfg.rules.validate()?;
        Ok(cfg)
    }

    /// Every numeric setting against its allowed range; the error names each key, value and
    /// range, one per line.
    pub fn range_check(&self) -> Result<(), String> {
        let mut c = RangeCheck::default();
        self.rules.range_check(&mut c);
        if let Some(d) = self.as_of {
            if let Err(e) = check_as_of(d) {
                c.errors.push(OutOfRange {
                    key: "as_of".into(),
                    value: d.to_string(),
                    allowed: e,
                });
            }
        }
        let s = &self.server;
        c.whole("server.request_timeout_s", s.request_timeout_s, 1, 3600);
        c.whole("server.cache_max_age_s", s.cache_max_age_s, 0, 31_536_000);
        c.whole(
            "server.header_read_timeout_s",
            s.header_read_timeout_s,
            1,
            3600,
        );
        // A connection waiting on a slow handler is idle on the wire: the idle timeout must
        // not cut a request the request timeout still allows.
        c.whole(
            "server.idle_timeout_s",
            s.idle_timeout_s,
            s.request_timeout_s.clamp(1, 3600),
            86_400,
        );
        c.whole("server.write_timeout_s", s.write_timeout_s, 1, 3600);
        c.whole(
            "server.max_connections",
            s.max_connections as u64,
            1,
            1_000_000,
        );
        c.whole("server.shutdown_grace_s", s.shutdown_grace_s, 0, 3600);
        if let Some(t) = &s.admin_token {
            if t.trim().len() < 16 {
                c.errors.push(OutOfRange {
                    key: "server.admin_token".into(),
                    value: "(hidden)".into(),
                    allowed: "must be at least 16 characters".into(),
                });
            }
        }
        if c.errors.is_empty() {
            Ok(())
        } else {
            Err(c
                .errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; "))
        }
    }
}

/// The audit dates zonescope accepts: 1990-01-01 to 2100-12-31 (land administration records
/// in this form start in the 1990s; anything later than 2100 is a typing mistake).
pub fn check_as_of(d: NaiveDate) -> Result<(), String> {
    use chrono::Datelike;
    if (1990..=2100).contains(&d.year()) {
        Ok(())
    } else {
        Err("must be a date from 1990-01-01 to 2100-12-31".to_string())
    }
}
