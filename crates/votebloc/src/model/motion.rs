//! Motions: what was voted on.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Which part of a text a recorded vote was on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Part {
    /// The text as a whole (possibly "as amended").
    Whole,
    /// A preambular paragraph, numbered from 1.
    Preambular(u32),
    /// An operative paragraph, numbered from 1.
    Operative(u32),
    /// An amendment, identified by its document symbol (or a short description).
    Amendment(String),
    /// Anything else (procedural motions, unclassified roll calls).
    #[default]
    Other,
}

impl Part {
    /// True for the parts of a text voted separately (paragraphs and amendments).
    pub fn is_separate(&self) -> bool {
        matches!(
            self,
            Part::Preambular(_) | Part::Operative(_) | Part::Amendment(_)
        )
    }

    /// Short label for tables and patterns: `whole`, `PP15`, `OP2`, `amendment A/65/L.53`.
    pub fn short_label(&self) -> String {
        match self {
            Part::Whole => "whole".to_string(),
            Part::Preambular(n) => format!("PP{n}"),
            Part::Operative(n) => format!("OP{n}"),
            Part::Amendment(doc) => format!("amendment {doc}"),
            Part::Other => "other".to_string(),
        }
    }
}

impl fmt::Display for Part {
    /// The CSV spelling: `whole`, `preambular:15`, `operative:2`, `amendment:A/65/L.53`, `other`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Part::Whole => f.write_str("whole"),
            Part::Preambular(n) => write!(f, "preambular:{n}"),
            Part::Operative(n) => write!(f, "operative:{n}"),
            Part::Amendment(doc) => write!(f, "amendment:{doc}"),
            Part::Other => f.write_str("other"),
        }
    }
}

/// The part spelling was not one of `whole`, `preambular:N`, `operative:N`, `amendment:DOC`,
/// `other`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a part (whole, preambular:N, operative:N, amendment:DOC or other), found {0:?}")]
pub struct ParsePartError(pub String);

/// A paragraph number written in digits only (`+3` is no paragraph).
fn number(text: &str) -> Option<u32> {
    text.starts_with(|c: char| c.is_ascii_digit())
        .then(|| text.parse().ok())
        .flatten()
}

impl FromStr for Part {
    type Err = ParsePartError;

    fn from_str(text: &str) -> Result<Part, ParsePartError> {
        let trimmed = text.trim();
        let err = || ParsePartError(trimmed.to_string());
        let (kind, arg) = match trimmed.split_once(':') {
            Some((k, a)) => (k.trim().to_ascii_lowercase(), Some(a.trim())),
            None => (trimmed.to_ascii_lowercase(), None),
        };
        match (kind.as_str(), arg) {
            ("whole" | "", None) => Ok(Part::Whole),
            ("other", _) => Ok(Part::Other),
            ("preambular", Some(n)) => number(n).map(Part::Preambular).ok_or_else(err),
            ("operative", Some(n)) => number(n).map(Part::Operative).ok_or_else(err),
            ("amendment", Some(doc)) if !doc.is_empty() => Ok(Part::Amendment(doc.to_string())),
            _ => Err(err()),
        }
    }
}

/// The yes/no/abstain counts a document states for a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    pub yes: u32,
    pub no: u32,
    /// `None` when the document states no abstentions ("adopted by 132 votes to 54").
    pub abstain: Option<u32>,
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.abstain {
            Some(a) => write!(f, "{}/{}/{}", self.yes, self.no, a),
            None => write!(f, "{}/{}", self.yes, self.no),
        }
    }
}

/// One recorded vote: a roll call on a text or a part of it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Motion {
    /// Stable identifier, unique in a dataset (e.g. `A/C.1/77/L.56:preambular:15`, an rcid).
    pub id: String,
    /// ISO date `YYYY-MM-DD` when known.
    pub date: Option<String>,
    /// Session (UN) or congress (US) number when known.
    pub session: Option<u32>,
    /// Document symbol of the text voted on (e.g. `A/C.1/77/L.56`).
    pub document: Option<String>,
    pub part: Part,
    pub title: Option<String>,
    /// The question put to the vote, as the source words it (Voteview's `vote_question`: "On
    /// the Cloture Motion", "On Passage of the Bill"); it tells which majority the vote needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The tally the source states, to check the recorded votes against.
    pub stated: Option<Tally>,
    /// `adopted`, `rejected`, `retained`, … as the source says.
    pub outcome: Option<String>,
    /// For a paragraph or amendment vote: the id of the motion on the whole text.
    pub whole: Option<String>,
    /// Issue codes (UN: me, nu, di, hr, co, ec).
    pub issues: Vec<String>,
    /// Marked as an important vote by the source.
    pub important: bool,
    /// Chamber (Voteview) when the source has one.
    pub chamber: Option<String>,
    /// The body that voted, when the source says: `General Assembly`, a Main Committee
    /// (`First Committee` … `Sixth Committee`), `Security Council`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The resolution the text became (`A/RES/65/223`, `S/RES/2448 (2018)`), when the source
    /// says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// The draft as the source names it when it gives no symbol ("draft resolution XVIII").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// Security Council: the permanent members whose negative vote defeated the draft
    /// (outcome `vetoed`), by member code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vetoed_by: Vec<String>,
    /// Other motions on the same text in another body (a Main Committee's vote on a draft and
    /// the plenary's vote on the resolution it became), by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub linked: Vec<String>,
}

impl Motion {
    /// A motion with only an id; every other field empty.
    pub fn new(id: impl Into<String>) -> Motion {
        Motion {
            id: id.into(),
            ..Motion::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_spellings_round_trip() {
        let parts = [
            Part::Whole,
            Part::Preambular(15),
            Part::Operative(2),
            Part::Amendment("A/65/L.53".into()),
            Part::Other,
        ];
        for part in parts {
            assert_eq!(part.to_string().parse::<Part>(), Ok(part));
        }
    }

    #[test]
    fn bad_part_is_rejected_with_the_text() {
        let err = "preambular:x".parse::<Part>().unwrap_err();
        assert!(err.to_string().contains("preambular:x"));
        assert!("paragraph".parse::<Part>().is_err());
        assert!("preambular:+3".parse::<Part>().is_err());
    }
}
