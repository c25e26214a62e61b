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

/// A compiled `LIKE` pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Like {
    pieces: Vec<Piece>,
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
        Like { pieces }
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
        Like { pieces }
    }

    /// Does the text match the whole pattern?
    pub fn matches(&self, text: &str) -> bool {
        self.matches_chars(text.chars())
    }

    /// Does the text, in lower case (`CASEI`), match the whole pattern? The text is lowered
    /// character by character as it is read, without a copy.
    pub fn matches_lowercase(&self, text: &str) -> bool {
        if text.contains('\u{3A3}') {
            // A capital sigma lowers by its place in the word (σ, or ς at the end).
            return self.matches(&text.to_lowercase());
        }
        self.matches_chars(text.chars().flat_map(char::to_lowercase))
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
    use super::Like;

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
