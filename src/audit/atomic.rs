//! Atomic outputs: every file of an audit is written under a temporary name in the output
//! folder (`.audit.gpkg.tmp-<pid>`), flushed to disk, and renamed to its final name only when
//! all of them are complete, the report last. A run killed at any moment leaves the previous
//! audit's files under the final names (and at most some temporary files, removed by the
//! next run); a finished run leaves its own. A full disk is said in those words.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The temporary name of `final_path`: hidden, in the same folder (same file system, so
/// the rename is atomic), marked with this process's id.
pub fn temp_path(final_path: &Path) -> PathBuf {
    let name = final_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    final_path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Removes temporary files left in `dir` by earlier runs that were killed (`.<name>.tmp-*`
/// for each of `names`).
pub fn remove_stale(dir: &Path, names: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if names
            .iter()
            .any(|name| n.starts_with(&format!(".{name}.tmp-")))
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Flushes every temporary file to disk, renames each to its final name in the order
/// given (put the file that marks a complete set last), and flushes the folder.
pub fn commit(staged: &[(PathBuf, PathBuf)]) -> Result<()> {
    for (tmp, _) in staged {
        let f =
            std::fs::File::open(tmp).with_context(|| format!("cannot reopen {}", shown(tmp)))?;
        f.sync_all()
            .with_context(|| format!("cannot flush {} to disk", shown(tmp)))?;
    }
    for (tmp, dest) in staged {
        std::fs::rename(tmp, dest)
            .with_context(|| format!("cannot rename {} to {}", shown(tmp), shown(dest)))?;
    }
    if let Some(dir) = staged.first().and_then(|(_, d)| d.parent()) {
        if let Ok(d) = std::fs::File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Removes the temporary files of a failed run.
pub fn discard(staged: &[(PathBuf, PathBuf)]) {
    for (tmp, _) in staged {
        let _ = std::fs::remove_file(tmp);
    }
}

fn shown(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// True when an error is (or was caused by) "no space left on device", or when the folder
/// cannot take a small probe file for that reason (GDAL reports a full disk as a bare
/// SQLite error code).
pub fn is_disk_full(e: &anyhow::Error, dir: &Path) -> bool {
    const ENOSPC: i32 = 28;
    let direct = e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.raw_os_error() == Some(ENOSPC))
            || c.to_string().contains("No space left on device")
            || c.to_string().contains("database or disk is full")
    });
    if direct {
        return true;
    }
    let probe = dir.join(format!(".space-probe-{}", std::process::id()));
    let full = match std::fs::File::create(&probe) {
        Ok(mut f) => {
            use std::io::Write;
            let r = f.write_all(&[0u8; 256 * 1024]).and_then(|_| f.sync_all());
            matches!(r, Err(ref io) if io.raw_os_error() == Some(ENOSPC))
        }
        Err(io) => io.raw_os_error() == Some(ENOSPC),
    };
    let _ = std::fs::remove_file(&probe);
    full
}

/// `e` restated as "disk full" when it is one.
pub fn explain(e: anyhow::Error, dir: &Path) -> anyhow::Error {
    if is_disk_full(&e, dir) {
        anyhow::anyhow!(
            "disk full: no space left in {} for the audit; free some space and run again (the previous audit there is unchanged). Cause: {e:#}",
            dir.display()
        )
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_renames_all_and_discard_leaves_the_old_files() {
        let d = tempfile::tempdir().unwrap();
        let finals: Vec<PathBuf> = ["a.csv", "b.html"]
            .iter()
            .map(|n| d.path().join(n))
            .collect();
        for f in &finals {
            std::fs::write(f, "old").unwrap();
        }
        let staged: Vec<(PathBuf, PathBuf)> =
            finals.iter().map(|f| (temp_path(f), f.clone())).collect();
        for (t, _) in &staged {
            std::fs::write(t, "new").unwrap();
        }
        discard(&staged);
        for f in &finals {
            assert_eq!(std::fs::read_to_string(f).unwrap(), "old");
        }
        for (t, _) in &staged {
            std::fs::write(t, "new").unwrap();
        }
        commit(&staged).unwrap();
        for f in &finals {
            assert_eq!(std::fs::read_to_string(f).unwrap(), "new");
        }
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2);
        std::fs::write(d.path().join(".a.csv.tmp-1"), "x").unwrap();
        remove_stale(d.path(), &["a.csv"]);
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2);
    }

    #[test]
    fn enospc_is_disk_full() {
        let e = anyhow::Error::new(std::io::Error::from_raw_os_error(28)).context("writing");
        let d = tempfile::tempdir().unwrap();
        assert!(is_disk_full(&e, d.path()));
        assert!(explain(e, d.path()).to_string().starts_with("disk full"));
        let other = anyhow::anyhow!("something else");
        assert!(!is_disk_full(&other, d.path()));
    }
}
