//! What of a data source may be shown: every place that prints, logs, serves or reports a
//! source goes through [`display_source`] (the form kept in `Dataset::source`), and every
//! message that may quote the source (GDAL's among them) through [`scrub`].
//!
//! Removed: the password of a URI's userinfo (`postgresql://u:s3cret@host` →
//! `postgresql://u:***@host`); the value of every secret-looking `key=value` option
//! (`password`, `PGPASSWORD`, `sslpassword`, `pwd`, `secret`, `token`, `api_key`, …) whether
//! bare, `'single'`, `"double"` or `{braced}` quoted and with or without spaces around `=`;
//! and the folders of a file path (`/home/u/data/zones.gpkg` → `zones.gpkg`).

use std::path::Path;

/// Shown in place of a secret.
pub const MASK: &str = "***";

/// The form of `src` that may be shown anywhere: credentials masked, a file path reduced to
/// its file name.
pub fn display_source(src: &str) -> String {
    let masked = redact_credentials(src.trim());
    if super::open::is_connection_string(&masked) || masked.contains("://") {
        if masked.to_ascii_lowercase().starts_with("/vsi") && !masked.contains("://") {
            return vsi_display(&masked);
        }
        return masked;
    }
    file_name(&masked)
}

/// `/vsizip//abs/x.zip/inner.gpkg` → `/vsizip/…/inner.gpkg`: the handler and the last name.
fn vsi_display(s: &str) -> String {
    let rest = &s[1..];
    let (handler, path) = match rest.find('/') {
        Some(i) => (&s[..i + 2], &rest[i + 1..]),
        None => return s.to_string(),
    };
    format!("{handler}…/{}", file_name(path))
}

/// The last component of a path, or the text itself when it has none.
fn file_name(s: &str) -> String {
    let trimmed = s.trim_end_matches(['/', '\\']);
    Path::new(trimmed)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| trimmed.to_string())
}

/// True for option names whose values are secrets.
fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    ["password", "passwd", "passphrase", "secret", "token"]
        .iter()
        .any(|w| k.contains(w))
        || matches!(
            k.as_str(),
            "pwd" | "pass" | "apikey" | "api_key" | "api-key" | "key" | "access_key" | "auth"
        )
        || k.ends_with("_pwd")
        || k.ends_with("_key")
            && (k.contains("secret") || k.contains("access") || k.contains("api"))
}

/// A secret found in a text: the byte range to mask and the secret itself (unquoted).
struct Secret {
    start: usize,
    end: usize,
    value: String,
}

/// Every secret of `text`: URI userinfo passwords and secret `key=value` values.
fn secrets(text: &str) -> Vec<Secret> {
    let mut out = uri_passwords(text);
    out.extend(option_values(text));
    out.sort_by_key(|s| s.start);
    // Drop overlaps (keep the earlier, then the wider).
    let mut kept: Vec<Secret> = Vec::new();
    for s in out {
        match kept.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => kept.push(s),
        }
    }
    kept
}

/// `scheme://user:password@host`: the password's range.
fn uri_passwords(text: &str) -> Vec<Secret> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("://") {
        let auth_start = from + i + 3;
        let auth_len = text[auth_start..]
            .find(|c: char| c == '/' || c == '?' || c == '#' || c.is_whitespace())
            .unwrap_or(text.len() - auth_start);
        let authority = &text[auth_start..auth_start + auth_len];
        if let Some(at) = authority.rfind('@') {
            let userinfo = &authority[..at];
            if let Some(colon) = userinfo.find(':') {
                let start = auth_start + colon + 1;
                let end = auth_start + at;
                if end > start {
                    out.push(Secret {
                        start,
                        end,
                        value: text[start..end].to_string(),
                    });
                }
            }
        }
        from = auth_start + auth_len;
        if auth_len == 0 {
            match text[from..].chars().next() {
                Some(c) => from += c.len_utf8(),
                None => break,
            }
        }
        if from >= text.len() {
            break;
        }
    }
    out
}

/// `key = value` options with a secret key: the value's range (quotes included) and the
/// unquoted value. Keys start the text or follow whitespace, `:`, `;`, `,`, `?`, `&`, `(`
/// or a quote; values are `'…'` (with `\'` escapes), `"…"`, `{…}`, or bare up to white space
/// (and, after `?`/`&`, up to the next `&` or `#`).
fn option_values(text: &str) -> Vec<Secret> {
    let b = text.as_bytes();
    // `{…}` quotes values only in ODBC-style strings; in libpq's a brace is a character.
    let upper = text.trim_start().to_ascii_uppercase();
    let braces =
        upper.starts_with("MSSQL:") || upper.starts_with("ODBC:") || upper.contains("DRIVER=");
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let at_boundary = i == 0
            || matches!(
                b[i - 1],
                b' ' | b'\t'
                    | b'\n'
                    | b'\r'
                    | b':'
                    | b';'
                    | b','
                    | b'?'
                    | b'&'
                    | b'('
                    | b'\''
                    | b'"'
            );
        let is_key_start = b[i].is_ascii_alphabetic() || b[i] == b'_';
        if !(at_boundary && is_key_start) {
            i += 1;
            continue;
        }
        let in_query = i > 0 && matches!(b[i - 1], b'?' | b'&');
        let key_start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
            i += 1;
        }
        let key = &text[key_start..i];
        let mut j = i;
        while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
            j += 1;
        }
        if j >= b.len() || b[j] != b'=' {
            continue;
        }
        j += 1;
        while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
            j += 1;
        }
        let (start, end, value) = read_value(text, j, in_query, braces);
        if is_secret_key(key) {
            if end > start {
                out.push(Secret { start, end, value });
            }
            i = end.max(j);
        } else {
            // Not a secret: look for keys inside its value too (over-masking is safe).
            i = j;
        }
    }
    out
}

/// The value starting at byte `j`: (start, end, unquoted value).
fn read_value(text: &str, j: usize, in_query: bool, braces: bool) -> (usize, usize, String) {
    let b = text.as_bytes();
    if j >= b.len() {
        return (j, j, String::new());
    }
    let close = match b[j] {
        b'\'' => Some(b'\''),
        b'"' => Some(b'"'),
        b'{' if braces => Some(b'}'),
        _ => None,
    };
    if let Some(close) = close {
        let mut k = j + 1;
        let mut value = Vec::new();
        while k < b.len() && b[k] != close {
            if b[k] == b'\\' && k + 1 < b.len() {
                k += 1;
            }
            value.push(b[k]);
            k += 1;
        }
        let end = (k + 1).min(b.len());
        return (j, end, String::from_utf8_lossy(&value).into_owned());
    }
    let mut k = j;
    while k < b.len() {
        let c = b[k];
        if c.is_ascii_whitespace() || (in_query && (c == b'&' || c == b'#')) {
            break;
        }
        k += 1;
    }
    (j, k, text[j..k].to_string())
}

/// `text` with every credential masked (paths are kept).
pub fn redact_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for s in secrets(text) {
        if s.start < last {
            continue;
        }
        out.push_str(&text[last..s.start]);
        out.push_str(MASK);
        last = s.end;
    }
    out.push_str(&text[last..]);
    out
}

/// A message that may quote `src` (or a file inside a folder source), made safe to show:
/// `src` itself is replaced by its display form, every secret of `src` by the mask (wherever
/// and however it is quoted), the folders of a path source are dropped, and any credential the
/// message carries on its own is masked.
pub fn scrub(msg: &str, src: &str) -> String {
    let mut out = msg.to_string();
    let src = src.trim();
    if !src.is_empty() && out.contains(src) {
        out = out.replace(src, &display_source(src));
    }
    for s in secrets(src) {
        if s.value.chars().count() >= 3 {
            out = out.replace(&s.value, MASK);
        }
        // A parser that misreads a quoted value quotes its pieces (libpq: `missing "=" after
        // "cret"`): mask each piece too.
        for piece in s.value.split_whitespace() {
            let piece = piece.trim_matches(['"', '\'', '{', '}']);
            if piece.chars().count() >= 3 {
                out = out.replace(piece, MASK);
            }
        }
    }
    if !super::open::is_connection_string(src) && !src.contains("://") {
        for folder in folders_of(src) {
            out = out.replace(&folder, "");
        }
    }
    redact_credentials(&out)
}

/// The folder prefixes (with a trailing separator) under which `src` may appear in a
/// message: as given and absolute.
fn folders_of(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let p = Path::new(src);
    let dir = if p.is_dir() {
        Some(p.to_path_buf())
    } else {
        p.parent().map(Path::to_path_buf)
    };
    let Some(dir) = dir else { return out };
    let mut push = |d: &Path| {
        let s = d.to_string_lossy();
        if !s.is_empty() && s != "." {
            let with_sep = format!("{}/", s.trim_end_matches('/'));
            if with_sep != "/" && !out.contains(&with_sep) {
                out.push(with_sep);
            }
        }
    };
    push(&dir);
    if let Ok(abs) = std::fs::canonicalize(&dir) {
        push(&abs);
    }
    if let Ok(cwd) = std::env::current_dir() {
        push(&cwd.join(&dir));
    }
    // Longest first, so that an absolute form goes before a relative one inside it.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(src: &str) -> String {
        display_source(src)
    }

    #[test]
    fn uri_userinfo_password_is_masked() {
        let s = shown("PG:postgresql://u:s3cret@host:5432/db");
        assert_eq!(s, "PG:postgresql://u:***@host:5432/db");
        let s = shown("postgresql://u:p%40ss@host/db?sslmode=require");
        assert_eq!(s, "postgresql://u:***@host/db?sslmode=require");
        // No password: the user stays.
        assert_eq!(
            shown("PG:postgresql://u@host/db"),
            "PG:postgresql://u@host/db"
        );
    }

    #[test]
    fn password_in_every_quoting_form_is_masked() {
        let cases = [
            (
                "PG:dbname=x password=s3cret host=h",
                "PG:dbname=x password=*** host=h",
            ),
            (
                "PG:dbname=x password='s3 cret' host=h",
                "PG:dbname=x password=*** host=h",
            ),
            (
                "PG:dbname=x password=\"s3 cret\" host=h",
                "PG:dbname=x password=*** host=h",
            ),
            (
                "PG:dbname=x password = s3cret host=h",
                "PG:dbname=x password = *** host=h",
            ),
            (
                "PG:dbname=x password= 's3 cret' host=h",
                "PG:dbname=x password= *** host=h",
            ),
            (
                "PG:dbname=x password='it\\'s secret' host=h",
                "PG:dbname=x password=*** host=h",
            ),
            ("PG:password=s3cret dbname=x", "PG:password=*** dbname=x"),
            ("PG:dbname=x PASSWORD=s3cret", "PG:dbname=x PASSWORD=***"),
            (
                "PG:dbname=x PGPASSWORD=s3cret",
                "PG:dbname=x PGPASSWORD=***",
            ),
            (
                "PG:dbname=x sslpassword=s3cret",
                "PG:dbname=x sslpassword=***",
            ),
            (
                "MSSQL:server=h;database=d;PWD={s3;cret};uid=u",
                "MSSQL:server=h;database=d;PWD=***;uid=u",
            ),
            (
                "PG:postgresql://u@h/db?password=s3cret&sslmode=require",
                "PG:postgresql://u@h/db?password=***&sslmode=require",
            ),
        ];
        for (src, want) in cases {
            assert_eq!(shown(src), want, "for {src}");
            assert!(!shown(src).contains("s3"), "{src}");
        }
    }

    #[test]
    fn keys_that_merely_contain_pass_are_not_mistaken() {
        assert_eq!(
            shown("PG:dbname=passage host=h"),
            "PG:dbname=passage host=h"
        );
        assert_eq!(shown("PG:user=password host=h"), "PG:user=password host=h");
    }

    #[test]
    fn paths_show_only_the_file_name() {
        assert_eq!(shown("/home/u/data/zones.gpkg"), "zones.gpkg");
        assert_eq!(shown("data/henan_sample.gpkg"), "henan_sample.gpkg");
        assert_eq!(shown("/srv/layers/"), "layers");
        assert_eq!(shown("x.gpkg"), "x.gpkg");
        assert_eq!(shown("/vsizip//home/u/a.zip/in.gpkg"), "/vsizip/…/in.gpkg");
        assert_eq!(
            shown("/vsicurl/https://u:s3cret@example.org/a.gpkg"),
            "/vsicurl/https://u:***@example.org/a.gpkg"
        );
    }

    #[test]
    fn scrub_masks_secrets_and_folders_in_messages() {
        let src = "PG:host=h dbname=d user=u password='s3 cret'";
        let msg = format!("cannot open {src}: FATAL: password \"s3 cret\" rejected");
        let s = scrub(&msg, src);
        assert!(!s.contains("s3 cret"), "{s}");
        assert!(s.contains("password=***"), "{s}");
        let src = "/home/u/data/zones.gpkg";
        let s = scrub(
            "sqlite3_open(/home/u/data/zones.gpkg) failed; see /home/u/data/other.gpkg",
            src,
        );
        assert_eq!(s, "sqlite3_open(zones.gpkg) failed; see other.gpkg");
        let s = scrub("connection to postgresql://a:zz9@h failed", "x.gpkg");
        assert_eq!(s, "connection to postgresql://a:***@h failed");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "=",
            "password=",
            "password='",
            "://",
            "a://@",
            "a://:@",
            "PG:password",
            "\u{1F600}password=\u{1F600}",
            "x://u:\u{e9}@h",
        ] {
            let _ = shown(s);
            let _ = scrub(s, s);
        }
        assert!(!shown("PG:password='\u{e9}t\u{e9}").contains('\u{e9}'));
    }
}
