//! CQL2 `LIKE` patterns: `%` matches any run of characters (also none), `_` exactly one
//! character, `\` makes the next character literal. Matching is over Unicode characters.

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// `%`
    Any,
    /// `_`
    One,
    Char(char),
}

/// Patterns that string searches answer (no `_`, `%` only at the ends).
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// `%`
    All,
    Exact(String),
    /// `lit%`
    Prefix(String),
    /// `%lit`
    Suffix(String),
    /// `%lit%`
    Contains(String),
    General,
}

impl Shape {
    fn of(pieces: &[Piece]) -> Shape {
        let lead = pieces.first() == Some(&Piece::Any);
        let trail = pieces.len() > 1 && pieces.last() == Some(&Piece::Any);
        if lead && pieces.len() == 1 {
            return Shape::All;
        }
        let mid = &pieces[usize::from(lead)..pieces.len() - usize::from(trail)];
        let mut lit = String::new();
        for p in mid {
            match p {
                Piece::Char(c) => lit.push(*c),
                _ => return Shape::General,
            }
        }
        match (lead, trail) {
            (false, false) => Shape::Exact(lit),
            (false, true) => Shape::Prefix(lit),
            (true, false) => Shape::Suffix(lit),
            (true, true) => Shape::Contains(lit),
        }
    }
}

/// A compiled `LIKE` pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Like {
    pieces: Vec<Piece>,
    shape: Shape,
}

thread_local! {
    /// The text in lower case, for `CASEI` matching without an allocation per row.
    static LOWERED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// `text.to_lowercase()` into `buf` (reused): ASCII and the CJK block U+3000–U+9FFF (no
/// case) are copied as they are, a capital sigma (lowered by its place in the word) sends the
/// whole text through `str::to_lowercase`.
pub fn lower_into(text: &str, buf: &mut String) {
    buf.clear();
    if text.contains('\u{3A3}') {
        buf.push_str(&text.to_lowercase());
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else if ('\u{3000}'..='\u{9FFF}').contains(&c) {
            buf.push(c);
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

impl Like {
    /// Compiles a pattern (a trailing lone `\` is a literal backslash).
    pub fn new(pattern: &str) -> Like {
        let mut pieces = Vec::new();
        let mut it = pattern.chars();
        while let Some(c) = it.next() {
            pieces.push(match c {
                '%' => {
                    if pieces.last() == Some(&Piece::Any) {
                        continue;
                    }
                    Piece::Any
                }
                '_' => Piece::One,
                '\\' => Piece::Char(it.next().unwrap_or('\\')),
                c => Piece::Char(c),
            });
        }
        Like::from_pieces(pieces)
    }

    fn from_pieces(pieces: Vec<Piece>) -> Like {
        Like {
            shape: Shape::of(&pieces),
            pieces,
        }
    }

    /// The pattern with every literal character mapped by `f` (for `CASEI`).
    pub fn map_chars(&self, f: impl Fn(char) -> String) -> Like {
        let mut pieces = Vec::with_capacity(self.pieces.len());
        for p in &self.pieces {
            match p {
                Piece::Char(c) => pieces.extend(f(*c).chars().map(Piece::Char)),
                other => pieces.push(other.clone()),
            }
        }
        Like::from_pieces(pieces)
    }

    /// Does the text match the whole pattern?
    pub fn matches(&self, text: &str) -> bool {
        // UTF-8 is self-synchronising: a byte search finds exactly the character sequences.
        match &self.shape {
            Shape::All => true,
            Shape::Exact(l) => text == l,
            Shape::Prefix(l) => text.starts_with(l.as_str()),
            Shape::Suffix(l) => text.ends_with(l.as_str()),
            Shape::Contains(l) => text.contains(l.as_str()),
            Shape::General => self.matches_chars(text.chars()),
        }
    }

    /// Does the text, in lower case (`CASEI`; as `str::to_lowercase` gives it), match the
    /// whole pattern?
    pub fn matches_lowercase(&self, text: &str) -> bool {
        LOWERED.with(|b| {
            let mut b = b.borrow_mut();
            lower_into(text, &mut b);
            self.matches(&b)
        })
    }

    fn matches_chars<I: Iterator<Item = char> + Clone>(&self, text: I) -> bool {
        // Greedy matching with one backtrack point per `%` (the classic wildcard algorithm):
        // linear in practice, never exponential. `cur` reads the text from the current
        // position; a backtrack point keeps a reader at the text position of its `%`.
        let p = &self.pieces;
        let mut pi = 0usize;
        let mut cur = text;
        let mut star: Option<(usize, I)> = None;
        loop {
            let mut after = cur.clone();
            let Some(c) = after.next() else { break };
            match p.get(pi) {
                Some(Piece::Any) => {
                    star = Some((pi, cur.clone()));
                    pi += 1;
                }
                Some(Piece::One) => {
                    cur = after;
                    pi += 1;
                }
                Some(Piece::Char(x)) if *x == c => {
                    cur = after;
                    pi += 1;
                }
                _ => match &mut star {
                    Some((sp, st)) => {
                        // The `%` takes one more character.
                        st.next();
                        pi = *sp + 1;
                        cur = st.clone();
                    }
                    None => return false,
                },
            }
        }
        p[pi..].iter().all(|x| *x == Piece::Any)
    }
}

#[cfg(test)]
mod tests {
    use super::{lower_into, Like, Shape};

    #[test]
    fn wildcards() {
        let m = |p: &str, t: &str| Like::new(p).matches(t);
        assert!(m("航空港%", "航空港区"));
        assert!(m("%港%", "航空港区"));
        assert!(!m("%港", "航空港区"));
        assert!(m("P_0%", "P00012"));
        assert!(!m("P_0%", "P1"));
        assert!(m("%", ""));
        assert!(!m("_", ""));
        assert!(m("a%b%c", "a__b__c"));
        assert!(!m("a%b%c", "a__c__b"));
        assert!(m("100\\%", "100%"));
        assert!(!m("100\\%", "1000"));
        assert!(m("a\\_b", "a_b"));
        assert!(!m("a\\_b", "axb"));
        assert!(m("%%%x", "yyx"));
        assert!(m("%ab%", "xaab"));
        assert!(!m("%ab%", "xaa"));
        assert!(m("_%_", "ab"));
        assert!(!m("_%_", "a"));
    }

    #[test]
    fn string_searches_answer_as_the_general_matcher() {
        let texts = [
            "",
            "a",
            "航空港区",
            "xx航空港",
            "航空港xx",
            "a%b",
            "ab",
            "ba",
            "aab",
            "abab",
        ];
        for p in [
            "",
            "%",
            "a",
            "a%",
            "%a",
            "%a%",
            "航空港%",
            "%航空港",
            "%空港%",
            "%ab%",
            "ab",
            "a\\%%",
        ] {
            let like = Like::new(p);
            for t in texts {
                assert_eq!(
                    like.matches(t),
                    like.matches_chars(t.chars()),
                    "{p:?} {t:?}"
                );
            }
        }
        assert_eq!(Like::new("%a_%").shape, Shape::General);
        assert_eq!(Like::new("%机械%").shape, Shape::Contains("机械".into()));
        assert_eq!(Like::new("100\\%").shape, Shape::Exact("100%".into()));
    }

    #[test]
    fn the_cjk_block_has_no_case_and_lowering_is_str_to_lowercase() {
        for c in '\u{3000}'..='\u{9FFF}' {
            assert!(
                c.to_lowercase().eq(std::iter::once(c)),
                "{c:?} has a lower case"
            );
        }
        let mut b = String::new();
        for t in [
            "ΟΔΟΣ Ltd",
            "İstanbul",
            "郑州ABC机械",
            "Ǆemal",
            "ＡＢＣ",
            "ß",
            "",
        ] {
            lower_into(t, &mut b);
            assert_eq!(b, t.to_lowercase(), "{t}");
        }
    }

    #[test]
    fn lowercase_matching_lowers_the_text_as_it_reads() {
        let m = |p: &str, t: &str| Like::new(p).matches_lowercase(t);
        assert!(m("%alpha%", "The ALPHA Works"));
        assert!(
            !m("%Alpha%", "The ALPHA Works"),
            "the pattern is taken as given"
        );
        assert!(m("%机械%", "郑州机械有限公司"));
        // İ lowers to two characters (i and a combining dot): `_` sees each.
        assert!(m("i_x", "İX"));
        assert!(!m("_x", "İX"));
        assert!(m("%ς", "ΟΔΟΣ"), "final sigma, as str::to_lowercase");
        for (p, t) in [
            ("a%b", "AxB"),
            ("%", ""),
            ("a_c", "ABC"),
            ("%c", "ABD"),
            ("%σ_", "ΣΑ"),
        ] {
            assert_eq!(m(p, t), Like::new(p).matches(&t.to_lowercase()), "{p} {t}");
        }
    }
}
