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
        // Greedy matching with one backtrack point per `%` (the classic wildcard algorithm):
        // linear in practice, never exponential.
        let t: Vec<char> = text.chars().collect();
        let p = &self.pieces;
        let (mut ti, mut pi) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        while ti < t.len() {
            match p.get(pi) {
                Some(Piece::Any) => {
                    star = Some((pi, ti));
                    pi += 1;
                }
                Some(Piece::One) => {
                    ti += 1;
                    pi += 1;
                }
                Some(Piece::Char(c)) if *c == t[ti] => {
                    ti += 1;
                    pi += 1;
                }
                _ => match star {
                    Some((sp, st)) => {
                        pi = sp + 1;
                        ti = st + 1;
                        star = Some((sp, st + 1));
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
    }
}
