//! "[Subsequently, the delegation of X advised the Secretariat that it had intended to vote …]"
//! and its French and Spanish forms: statements kept beside the record, never changing it.

use super::names;
use super::text::{Flat, Token};
use crate::model::Vote;
use crate::model::countries::Country;

/// A statement of intended vote found in the text, before it is tied to a motion.
#[derive(Debug, Clone)]
pub(super) struct FoundNote {
    /// Char offset in the flat text where the statement starts.
    pub offset: usize,
    /// 0-based line.
    pub line: usize,
    pub members: Vec<&'static Country>,
    pub intended: Option<Vote>,
    pub text: String,
}

/// A name in a statement that the registry does not know.
#[derive(Debug, Clone)]
pub(super) struct UnknownName {
    pub line: usize,
    pub name: String,
}

const TRIGGERS: &[&[&str]] = &[
    &["subsequently"],
    &["par", "la", "suite"],
    &["posteriormente"],
];
const DELEGATION_WORDS: &[&str] = &["delegation", "delegations", "delegacion", "delegaciones"];
/// Words after "delegation" that introduce the names.
const OF_WORDS: &[&str] = &["of", "de", "du", "des", "del", "d", "la", "l", "los", "las"];
/// Verbs that end the names.
const VERBS: &[&str] = &[
    "advised",
    "informed",
    "indicated",
    "notified",
    "stated",
    "said",
    "had",
    "has",
    "have",
    "a",
    "ont",
    "avait",
    "avaient",
    "informo",
    "informaron",
    "indico",
    "indicaron",
    "comunico",
    "comunicaron",
    "senalo",
    "senalaron",
];
const INTENT_WORDS: &[&str] = &["intended", "intention", "intencion", "intent"];

/// Finds every statement of intended vote.
///
/// # Complexity
///
/// O(tokens).
pub(super) fn find(flat: &Flat) -> Result<Vec<FoundNote>, UnknownName> {
    let tokens = &flat.tokens;
    let mut notes = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(width) = TRIGGERS
            .iter()
            .find(|t| {
                t.iter()
                    .enumerate()
                    .all(|(k, w)| tokens.get(i + k).is_some_and(|tok| tok.text == *w))
            })
            .map(|t| t.len())
        else {
            i += 1;
            continue;
        };
        let start = tokens[i].start;
        let span_end = statement_end(flat, start);
        let span_start = if start > 0 && flat.plain.get(start - 1) == Some(&'[') {
            start - 1
        } else {
            start
        };
        let in_span: Vec<&Token> = tokens[i + width..]
            .iter()
            .take_while(|t| t.start < span_end)
            .collect();
        if let Some(note) = read_statement(flat, &in_span, span_start, span_end)? {
            notes.push(note);
        }
        i += width;
    }
    Ok(notes)
}

/// The end of a statement: its closing bracket, or the end of its sentence.
fn statement_end(flat: &Flat, start: usize) -> usize {
    let limit = (start + 800).min(flat.plain.len());
    for k in start..limit {
        let c = flat.plain[k];
        if c == ']' {
            return k + 1;
        }
        if c == '.' && flat.plain.get(k + 1).is_none_or(|c| c.is_whitespace()) {
            return k + 1;
        }
    }
    limit
}

fn read_statement(
    flat: &Flat,
    tokens: &[&Token],
    span_start: usize,
    span_end: usize,
) -> Result<Option<FoundNote>, UnknownName> {
    let Some(d) = tokens
        .iter()
        .position(|t| DELEGATION_WORDS.contains(&t.text.as_str()))
    else {
        return Ok(None);
    };
    let Some(intent) = tokens
        .iter()
        .position(|t| INTENT_WORDS.contains(&t.text.as_str()))
    else {
        return Ok(None);
    };
    let mut first = d + 1;
    while tokens
        .get(first)
        .is_some_and(|t| OF_WORDS.contains(&t.text.as_str()))
    {
        first += 1;
    }
    let Some(last) = (first..tokens.len()).find(|&k| VERBS.contains(&tokens[k].text.as_str()))
    else {
        return Ok(None);
    };
    if last <= first || intent < last {
        return Ok(None);
    }
    let names_start = tokens[first].start;
    let names_end = tokens[last - 1].end;
    let names_text = flat.text(names_start..names_end);
    let line = flat.line_at(names_start);
    let mut members = Vec::new();
    for part in names_text.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match names::split_names(part, &mut 64) {
            Some(found) => members.extend(found),
            None => {
                return Err(UnknownName {
                    line,
                    name: names::clean(part),
                });
            }
        }
    }
    let after: Vec<&str> = tokens[intent + 1..]
        .iter()
        .take(8)
        .map(|t| t.text.as_str())
        .collect();
    Ok(Some(FoundNote {
        offset: span_start,
        line: flat.line_at(span_start),
        members,
        intended: intended_vote(&after),
        text: flat.text(span_start..span_end),
    }))
}

/// The vote a statement says was intended: "to vote in favour", "voter contre", "de
/// s'abstenir", "abstenerse", "not to participate".
fn intended_vote(after: &[&str]) -> Option<Vote> {
    let has = |words: &[&str]| after.iter().any(|w| words.contains(w));
    if has(&["participate", "participer", "participar"]) {
        return Some(Vote::Absent);
    }
    if has(&[
        "abstain",
        "abstenir",
        "abstenerse",
        "abstention",
        "abstencion",
    ]) {
        return Some(Vote::Abstain);
    }
    if has(&["against", "contre", "contra"]) {
        return Some(Vote::No);
    }
    if has(&["favour", "favor", "pour", "yes", "for"]) {
        return Some(Vote::Yes);
    }
    if has(&["no"]) {
        return Some(Vote::No);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intended_votes_in_three_languages() {
        assert_eq!(
            intended_vote(&["to", "vote", "in", "favour"]),
            Some(Vote::Yes)
        );
        assert_eq!(intended_vote(&["de", "voter", "contre"]), Some(Vote::No));
        assert_eq!(intended_vote(&["de", "s", "abstenir"]), Some(Vote::Abstain));
        assert_eq!(intended_vote(&["de", "abstenerse"]), Some(Vote::Abstain));
        assert_eq!(
            intended_vote(&["de", "votar", "a", "favor"]),
            Some(Vote::Yes)
        );
        assert_eq!(
            intended_vote(&["not", "to", "participate"]),
            Some(Vote::Absent)
        );
        assert_eq!(intended_vote(&["something"]), None);
    }
}
