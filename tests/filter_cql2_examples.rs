//! The CQL2 standard's example expressions (tests/data/cql2-examples, from cql2-rs): every
//! one parses, and exactly those that call a function of a class zonescope does not declare
//! are refused by the class check, with a sentence naming the class.

use std::path::Path;
use zonescope::filter::{parse, unsupported, Lang};

/// Function-call names of the classes zonescope declares (basic CQL2, advanced comparison,
/// case-insensitive comparison, spatial functions, array functions) and the literal
/// constructors (WKT, BBOX, DATE, TIMESTAMP).
const DECLARED: &[&str] = &[
    "s_intersects",
    "s_disjoint",
    "s_equals",
    "s_touches",
    "s_within",
    "s_contains",
    "s_overlaps",
    "s_crosses",
    "a_equals",
    "a_contains",
    "a_containedby",
    "a_overlaps",
    "casei",
    "date",
    "timestamp",
    "bbox",
    "point",
    "linestring",
    "polygon",
    "multipoint",
    "multilinestring",
    "multipolygon",
    "geometrycollection",
    "not",
    "in",
    "and",
    "or",
    "z",
    "m",
    "zm",
];

/// Names called as functions in a cql2-text expression (`name(` or `name (`), outside
/// string literals.
fn called(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_str = false;
    let mut word = String::new();
    let mut after_space = false;
    for c in text.chars() {
        if c == '\'' {
            in_str = !in_str;
            word.clear();
            continue;
        }
        if in_str {
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            if after_space {
                word.clear();
                after_space = false;
            }
            word.push(c);
        } else if c.is_whitespace() {
            after_space = !word.is_empty();
        } else {
            if c == '(' && word.chars().next().is_some_and(|f| !f.is_ascii_digit()) {
                out.push(word.to_lowercase());
            }
            word.clear();
            after_space = false;
        }
    }
    out
}

fn files(dir: &str) -> Vec<std::path::PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cql2-examples")
        .join(dir);
    let mut v: Vec<_> = std::fs::read_dir(&d)
        .unwrap_or_else(|e| panic!("{}: {e}", d.display()))
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn every_text_example_parses_and_undeclared_classes_are_refused() {
    let all = files("text");
    assert!(all.len() >= 100, "{} examples", all.len());
    let mut refused = 0;
    for p in &all {
        let text = std::fs::read_to_string(p).unwrap();
        let e = parse(text.trim(), Lang::Text)
            .unwrap_or_else(|err| panic!("{}: {text}: {err}", p.display()));
        let foreign: Vec<String> = called(&text)
            .into_iter()
            .filter(|n| !DECLARED.contains(&n.as_str()))
            .collect();
        match unsupported(&e) {
            Some(why) => {
                assert!(
                    !foreign.is_empty(),
                    "{}: refused ({why}) but calls only declared functions: {text}",
                    p.display()
                );
                assert!(why.contains("does not offer"), "{why}");
                refused += 1;
            }
            None => assert!(
                foreign.is_empty(),
                "{}: accepted though it calls {foreign:?}: {text}",
                p.display()
            ),
        }
    }
    assert!(refused > 0 && refused < all.len());
}

#[test]
fn every_json_example_parses_like_its_text_twin() {
    let all = files("json");
    assert!(all.len() >= 100, "{} examples", all.len());
    for p in &all {
        let json = std::fs::read_to_string(p).unwrap();
        let e = parse(&json, Lang::Json).unwrap_or_else(|err| panic!("{}: {err}", p.display()));
        let twin = p
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .join("text")
            .join(p.file_stem().unwrap())
            .with_extension("txt");
        if let Ok(text) = std::fs::read_to_string(&twin) {
            let t = parse(text.trim(), Lang::Text).unwrap();
            assert_eq!(
                unsupported(&e).is_some(),
                unsupported(&t).is_some(),
                "{}: the class check differs between encodings",
                p.display()
            );
        }
    }
}
