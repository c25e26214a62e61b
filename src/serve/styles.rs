//! Layer styles written by the audit (`styles/<collection-id>.qml`, `.sld`,
//! `.maplibre.json`), read once at start and served as they are. A missing folder or file
//! just means no styles.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// A style format the server recognises by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StyleFormat {
    /// File-name suffix after the collection id.
    pub suffix: &'static str,
    pub media_type: &'static str,
    pub title: &'static str,
}

/// The recognised formats.
pub const FORMATS: &[StyleFormat] = &[
    StyleFormat {
        suffix: ".qml",
        media_type: "application/vnd.qgis.qml",
        title: "QGIS layer style (QML)",
    },
    StyleFormat {
        suffix: ".sld",
        media_type: "application/vnd.ogc.sld+xml;version=1.0",
        title: "OGC Styled Layer Descriptor 1.0",
    },
    StyleFormat {
        suffix: ".maplibre.json",
        media_type: "application/vnd.mapbox.style+json",
        title: "MapLibre / Mapbox style",
    },
];

/// The style files found at start: file name → (format, bytes).
#[derive(Debug, Default)]
pub struct Styles {
    pub dir: Option<PathBuf>,
    files: BTreeMap<String, (StyleFormat, Vec<u8>)>,
}

impl Styles {
    /// Reads every recognised file of `dir` (non-recursive); unreadable files are skipped.
    pub fn load(dir: Option<PathBuf>) -> Styles {
        let mut files = BTreeMap::new();
        if let Some(d) = &dir {
            if let Ok(rd) = std::fs::read_dir(d) {
                for e in rd.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if let Some(fmt) = format_of(&name) {
                        if let Ok(bytes) = std::fs::read(e.path()) {
                            files.insert(name, (fmt, bytes));
                        }
                    }
                }
            }
        }
        Styles { dir, files }
    }

    /// The style files of a collection: (file name, format).
    pub fn for_collection(&self, id: &str) -> Vec<(&str, StyleFormat)> {
        FORMATS
            .iter()
            .filter_map(|f| {
                let name = format!("{id}{}", f.suffix);
                self.files
                    .get_key_value(&name)
                    .map(|(k, _)| (k.as_str(), *f))
            })
            .collect()
    }

    /// A file by name.
    pub fn get(&self, name: &str) -> Option<(StyleFormat, &[u8])> {
        self.files.get(name).map(|(f, b)| (*f, b.as_slice()))
    }

    /// A hash of every file, for the `ETag`.
    pub fn fingerprint(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (k, (_, b)) in &self.files {
            k.hash(&mut h);
            b.hash(&mut h);
        }
        h.finish()
    }
}

fn format_of(name: &str) -> Option<StyleFormat> {
    // `.maplibre.json` before any shorter suffix.
    FORMATS
        .iter()
        .rev()
        .find(|f| name.ends_with(f.suffix) && name.len() > f.suffix.len())
        .copied()
}

/// Where the styles are: the config's `styles_dir` when set; else a `styles/` folder next to
/// a file data source, or one level above it; else `./styles`; else the source tree's.
pub fn find_dir(configured: Option<&Path>, source: &str) -> Option<PathBuf> {
    if let Some(d) = configured {
        return Some(d.to_path_buf());
    }
    let mut candidates = Vec::new();
    if !source.starts_with("PG:") {
        if let Some(parent) = Path::new(source).parent() {
            candidates.push(parent.join("styles"));
            if let Some(up) = parent.parent() {
                candidates.push(up.join("styles"));
            }
        }
    }
    candidates.push(PathBuf::from("styles"));
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("styles"));
    candidates.into_iter().find(|p| p.is_dir())
}
