//! The lines of the document, classified: blank, page furniture (running headers and footers,
//! page numbers, job numbers, the document's symbol repeated on every page) or text.
//!
//! Deciding what is furniture needs the other stages (a symbol alone on a line, a list heading
//! is never furniture), so it sits above `text`, `phrases` and `lists`, which stay free of it.

use super::lists;
use super::phrases;
use super::text::{Line, LineKind, fold, plain};
use std::collections::HashMap;

/// Words that make a repeated line more than furniture: it may carry a tally.
const VOTE_WORDS: &[&str] = &[
    "vote",
    "voix",
    "voto",
    "abstention",
    "abstencion",
    "adopt",
    "retain",
    "conserv",
    "aprob",
    "favour",
    "favor",
];

/// Splits the document into classified lines.
///
/// # Complexity
///
/// O(length).
pub(super) fn lines(text: &str, is_name: impl Fn(&str) -> bool) -> Vec<Line> {
    let mut lines: Vec<Line> = text
        .split('\n')
        .map(|raw| {
            let plain = plain(raw);
            let folded = fold(&plain);
            let kind = if plain.chars().any(char::is_alphanumeric) {
                LineKind::Text
            } else {
                LineKind::Blank
            };
            Line {
                plain,
                folded,
                kind,
                footnote: raw.trim_start().starts_with("<sup>"),
            }
        })
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for line in &lines {
        if line.kind == LineKind::Text {
            *counts.entry(line.folded.as_str()).or_insert(0) += 1;
        }
    }
    // Decided once per distinct line: a repeated line costs one look at the registry.
    let mut decided: HashMap<&str, bool> = HashMap::new();
    let furniture: Vec<bool> = lines
        .iter()
        .map(|line| {
            line.kind == LineKind::Text
                && *decided.entry(line.folded.as_str()).or_insert_with(|| {
                    is_furniture(line, counts.get(line.folded.as_str()).copied(), &is_name)
                })
        })
        .collect();
    for (line, is_furniture) in lines.iter_mut().zip(&furniture) {
        if *is_furniture {
            line.kind = LineKind::Furniture;
        }
    }
    // "… (resolution ⏎ 79/6).": a symbol's number carried to the next line is no furniture.
    for i in 1..lines.len() {
        if lines[i].kind != LineKind::Furniture || lines[i].plain.chars().any(char::is_alphabetic) {
            continue;
        }
        let previous = lines[..i].iter().rev().find(|l| l.kind != LineKind::Blank);
        if previous.is_some_and(|l| {
            let end = l.folded.trim_end();
            end.ends_with("resolution") || end.ends_with("resolucion")
        }) {
            lines[i].kind = LineKind::Text;
        }
    }
    // A bare page number is furniture when it stands next to a blank line or other furniture
    // (a number alone inside running text is part of a sentence broken one word a line).
    for i in 0..lines.len() {
        let bare_number = lines[i].kind == LineKind::Text
            && lines[i]
                .plain
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace());
        if bare_number {
            let next_to = |j: Option<usize>| {
                j.and_then(|j| lines.get(j))
                    .is_none_or(|l| l.kind != LineKind::Text)
            };
            if next_to(i.checked_sub(1)) || next_to(Some(i + 1)) {
                lines[i].kind = LineKind::Furniture;
            }
        }
    }
    lines
}

fn is_furniture(line: &Line, count: Option<usize>, is_name: &impl Fn(&str) -> bool) -> bool {
    let plain = line.plain.trim();
    let letters = plain.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        // "17/38", "24-19856", "29/10/2024", "*2419856*": not a bare page number.
        return !plain.chars().all(|c| c.is_ascii_digit());
    }
    // The job number line "24-19856 (E)" or "93-86769".
    let digits_dash: String = plain.chars().take(9).collect();
    if job_number(&digits_dash) {
        return true;
    }
    let symbol_alone = phrases::symbol_at(&plain.chars().collect::<Vec<_>>(), 0)
        .filter(|symbol| symbol.chars().count() == plain.chars().count());
    if symbol_alone.is_some_and(|symbol| symbol.contains("/PV.") || count.unwrap_or(0) >= 2) {
        return true;
    }
    if count.unwrap_or(0) < 3 || letters < 8 || lists::heading_colon(&line.folded).is_some() {
        return false;
    }
    let ends_sentence = plain.ends_with('.') || plain.ends_with(':') || plain.ends_with(',');
    if ends_sentence || VOTE_WORDS.iter().any(|w| line.folded.contains(w)) {
        return false;
    }
    !plain.split([',', ';']).any(is_name)
}

/// "24-19856" or "93-86769 (E)": the UN job number printed on every page.
fn job_number(start: &str) -> bool {
    let chars: Vec<char> = start.chars().collect();
    chars.len() >= 8
        && chars[..2].iter().all(char::is_ascii_digit)
        && chars[2] == '-'
        && chars[3..8].iter().all(char::is_ascii_digit)
        && chars.get(8).is_none_or(|c| !c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_is_recognised() {
        let mut text = String::new();
        for page in 1..5 {
            text.push_str(&format!(
                "Some text of page {page}.\n\n{page}\nGeneral Assembly - Forty-eighth session\n24-19856 (E)\nA/79/PV.29\n17/38\n"
            ));
        }
        let lines = lines(&text, |_| false);
        let kinds: Vec<LineKind> = lines.iter().take(7).map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            vec![
                LineKind::Text,
                LineKind::Blank,
                LineKind::Furniture,
                LineKind::Furniture,
                LineKind::Furniture,
                LineKind::Furniture,
                LineKind::Furniture
            ]
        );
    }
}
