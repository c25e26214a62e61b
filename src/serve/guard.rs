//! Request guards that keep hostile input out of responses: a `Host` header is used in links
//! only when it is a plain host name or address (with an optional port), and a request path
//! that is not UTF-8 once percent-decoded gets the JSON error body, like every other error.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// True for `name`, `name:port`, `1.2.3.4:port`, `[v6]:port`: letters, digits, `.`, `-`,
/// `_`, `:`, `[`, `]`, at most 255 bytes. Anything else (quotes, `<`, spaces, `/`) is
/// refused, so a reflected host can never break out of an HTML attribute or a URL.
pub fn valid_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 255
        && h.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'[' | b']')
        })
}

/// Percent-decodes `s`; `None` when the bytes are not UTF-8.
pub fn percent_decoded_utf8(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Middleware: 400 with the JSON error body for a path that is not UTF-8 once decoded.
pub async fn utf8_path(req: Request, next: Next) -> Response {
    if percent_decoded_utf8(req.uri().path()).is_none() {
        return super::error::ApiError::bad_param(
            "the request path is not valid UTF-8 once percent-decoded",
        )
        .into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for ok in [
            "localhost",
            "127.0.0.1:8080",
            "[::1]:8080",
            "zonescope.example.org",
        ] {
            assert!(valid_host(ok), "{ok}");
        }
        for bad in [
            "",
            "e\"><script>alert(1)</script>",
            "a b",
            "a/b",
            "a'b",
            "x<y",
        ] {
            assert!(!valid_host(bad), "{bad}");
        }
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decoded_utf8("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decoded_utf8("/%E5%AE%97").as_deref(), Some("/宗"));
        assert_eq!(percent_decoded_utf8("/%FF"), None);
        assert_eq!(percent_decoded_utf8("/%").as_deref(), Some("/%"));
        assert_eq!(percent_decoded_utf8("/%4").as_deref(), Some("/%4"));
    }
}
