//! State names as printed in vote lists, resolved through the country registry.

use crate::model::countries::{self, Country};
use std::sync::OnceLock;

/// Every matching key of the registry, sorted, to tell whether a fragment of a name broken
/// across lines can still grow into a known name.
fn keys() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<String> = countries::all()
            .iter()
            .flat_map(|c| c.names())
            .map(countries::normalize)
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    })
}

/// True when `key` (a [`countries::normalize`]d text) is the start of some known name, or a whole
/// one.
///
/// # Complexity
///
/// O(log K).
pub(super) fn is_prefix(key: &str) -> bool {
    let keys = keys();
    let at = keys.partition_point(|k| k.as_str() < key);
    keys.get(at).is_some_and(|k| k.starts_with(key))
}

/// True when `key` occurs inside some known name ("northernireland").
pub(super) fn is_inside_a_name(key: &str) -> bool {
    !key.is_empty() && keys().iter().any(|k| k.contains(key))
}

/// Articles and conjunctions that may precede a name in running text ("the Sudan", "et
/// Zimbabwe", "l'Inde"), folded.
const LEADING_WORDS: &[&str] = &[
    "the ", "and ", "la ", "le ", "les ", "l'", "et ", "el ", "los ", "las ", "y ", "du ", "des ",
    "de ", "del ", "d'",
];

/// The text of a list entry made ready for lookup: footnote digits removed, space folded,
/// surrounding punctuation trimmed.
pub(super) fn clean(text: &str) -> String {
    let without_digits: String = text.chars().filter(|c| !c.is_ascii_digit()).collect();
    let mut out = String::with_capacity(without_digits.len());
    for word in without_digits.split_whitespace() {
        if !out.is_empty() {
            // A line-end hyphen joins the halves of a word ("Gre-" "nadines").
            if !out.ends_with('-') {
                out.push(' ');
            }
        }
        out.push_str(word);
    }
    out.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '-' | '—' | '–' | '"')
    })
    .to_string()
}

/// Resolves a name: as printed, then without a leading article or conjunction.
///
/// # Complexity
///
/// O(length).
pub(super) fn resolve(text: &str) -> Option<&'static Country> {
    let cleaned = clean(text);
    if cleaned.is_empty() {
        return None;
    }
    if let Some(country) = countries::lookup(&cleaned) {
        return Some(country);
    }
    let folded = super::text::fold(&cleaned);
    for word in LEADING_WORDS {
        if folded.starts_with(word) {
            let rest: String = cleaned.chars().skip(word.chars().count()).collect();
            if let Some(country) = countries::lookup(&rest) {
                return Some(country);
            }
        }
    }
    None
}

/// True for the words that stand for an empty list ("None", "Aucun", "Néant", "Ninguno").
pub(super) fn is_empty_marker(text: &str) -> bool {
    let folded = super::text::fold(&clean(text));
    matches!(
        folded.as_str(),
        "none" | "nil" | "aucun" | "aucune" | "neant" | "ninguno" | "ninguna" | "nadie" | ""
    )
}

/// Resolves "Antigua and Barbuda and Trinidad and Tobago": as one name, else split at a
/// conjunction into parts that each resolve.
/// `budget` bounds the number of lookups, so that a long run of conjunctions costs little.
pub(super) fn split_names(text: &str, budget: &mut usize) -> Option<Vec<&'static Country>> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    if let Some(country) = resolve(text) {
        return Some(vec![country]);
    }
    let folded = super::text::fold(text);
    for conjunction in [" and ", " et ", " y ", " e "] {
        let mut from = 0;
        while let Some(at) = folded[from..].find(conjunction) {
            let cut = from + at;
            // Folding keeps one char for one, and the conjunctions are ASCII: convert the byte
            // offset of the folded text into a char count, then back into the original.
            let chars_before = folded[..cut].chars().count();
            let left: String = text.chars().take(chars_before).collect();
            let right: String = text
                .chars()
                .skip(chars_before + conjunction.chars().count())
                .collect();
            if let (Some(a), Some(b)) = (resolve(&left), split_names(&right, budget)) {
                let mut all = vec![a];
                all.extend(b);
                return Some(all);
            }
            from = cut + 1;
        }
    }
    None
}
