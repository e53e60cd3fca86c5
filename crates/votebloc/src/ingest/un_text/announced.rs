//! Votes the text announces but whose lists are missing: a record cut short (or damaged) after
//! "A recorded vote was taken.", "… was retained by a recorded vote of 84 to 51 … The voting
//! was as follows:" and their French and Spanish equivalents would otherwise lose that vote
//! without a word.

use super::describe::Described;
use super::lists::Block;
use super::phrases::{self, PartGuess};
use super::text::{Flat, Line};
use crate::ingest::{IngestError, IngestOptions};
use crate::model::{DatasetBuilder, excerpt};
use std::path::Path;

/// The sentences of verbatim records that announce the lists of a recorded vote right after
/// them (folded): "A recorded vote was taken.", "Il est procédé au vote enregistré.", "Se
/// procede a votación registrada.".
const ANNOUNCEMENTS: [&str; 3] = [
    "a recorded vote was taken",
    "il est procede au vote enregistre",
    "se procede a votacion registrada",
];

/// How many sentences may follow the announcement of a vote before the end of a text cut
/// short ahead of that vote's lists: the rest of its introduction ("The voting was as
/// follows:", "A recorded vote was taken.") and the start of a heading cut inside ("In fav").
/// Further from the end, an announcement with no lists after it is the record's prose (a
/// speech that mentions a recorded vote), not a vote lost.
const CUT_SENTENCES: usize = 2;

/// Where a refusal becomes a warning under `--lenient`: the one rule of every check of a UN
/// record that `--lenient` relaxes.
pub(super) fn refuse_unless_lenient(
    error: IngestError,
    options: &IngestOptions,
    builder: &mut DatasetBuilder,
) -> Result<(), IngestError> {
    if options.lenient {
        builder.stats.warnings.push(error.to_string());
        Ok(())
    } else {
        Err(error)
    }
}

/// Every announcement of a recorded vote must be followed by the lists of a vote before the
/// next announcement: a record cut after "A recorded vote was taken." (or inside the lists, at
/// a heading with no name after it) would otherwise lose that vote without a word. Returns
/// the 0-based lines of the announcements reported (as warnings, when lenient).
///
/// # Errors
///
/// [`IngestError::Unchecked`] at the announcement with no lists after it, unless lenient
/// (then a warning).
pub(super) fn check_announced(
    path: &Path,
    lines: &[Line],
    blocks: &[Block],
    options: &IngestOptions,
    builder: &mut DatasetBuilder,
) -> Result<Vec<usize>, IngestError> {
    let announced: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| ANNOUNCEMENTS.iter().any(|a| line.folded.contains(a)))
        .map(|(i, _)| i)
        .collect();
    let mut reported = Vec::new();
    for (k, &line) in announced.iter().enumerate() {
        let next = announced.get(k + 1).copied().unwrap_or(lines.len());
        if blocks
            .iter()
            .any(|b| b.first_line > line && b.first_line <= next)
        {
            continue;
        }
        let error = IngestError::Unchecked {
            path: path.to_path_buf(),
            line: line + 1,
            detail: format!(
                "{} announces a recorded vote, but no vote list naming a state follows it{}: \
                 the record seems cut short or damaged (that vote is not read)",
                excerpt(lines[line].plain.trim()),
                if next == lines.len() {
                    String::new()
                } else {
                    format!(" before the next one on line {}", next + 1)
                }
            ),
        };
        refuse_unless_lenient(error, options, builder)?;
        reported.push(line);
    }
    Ok(reported)
}

/// A text that ends within [`CUT_SENTENCES`] sentences of a vote's announcement, after the
/// last vote it holds whole, was cut before that vote's lists. What announces a vote: a
/// recorded vote ("retained by a recorded vote of 84 to 51", "A recorded vote has been
/// requested", "À l'issue d'un vote enregistré", "En votación registrada"), the sentence that
/// puts the lists next ("The voting was as follows:", "Les voix se sont réparties comme
/// suit :", "Le résultat du vote est le suivant :", "El resultado de la votación fue el
/// siguiente:"), a text put to the vote ("I now put to the vote the ninth preambular
/// paragraph"), and, in a record read the report way (`verbatim` false: each tally stated
/// before its lists), a stated tally. In a verbatim record a tally follows its lists, so a
/// tally alone after the last vote announces nothing, and the last vote's own tally sentence
/// is skipped. A record that closes after the announcement ("The meeting rose at …") is whole.
/// `reported` are the lines [`check_announced`] already reported: the same vote is reported
/// once.
///
/// # Errors
///
/// [`IngestError::Unchecked`] at the line of the announcement, naming it, unless lenient
/// (then a warning that says the vote is dropped).
pub(super) fn check_tail(
    path: &Path,
    flat: &Flat,
    motions: &[Described],
    verbatim: bool,
    reported: &[usize],
    options: &IngestOptions,
    builder: &mut DatasetBuilder,
) -> Result<(), IngestError> {
    let Some(last) = motions.last() else {
        return Ok(());
    };
    let mut start = last.lists_end.min(flat.plain.len());
    if let Some(tally) = last.tally_start {
        // The verbatim way: the last vote's tally sentence follows its lists.
        start = flat
            .sentences(tally.max(start)..flat.plain.len())
            .first()
            .map_or(start, |s| s.end);
    }
    if reported
        .iter()
        .any(|&line| flat.start_of_line(line) >= start)
    {
        return Ok(());
    }
    let sentences = flat.sentences(start..flat.plain.len());
    let first_kept = sentences.len().saturating_sub(CUT_SENTENCES + 1);
    let announces = |range: &std::ops::Range<usize>| {
        let tokens = flat.tokens_in(range.clone());
        phrases::announces_lists(tokens) || (!verbatim && phrases::find_tally(tokens).is_some())
    };
    let Some(k) = (first_kept..sentences.len()).find(|&k| announces(&sentences[k])) else {
        return Ok(());
    };
    if sentences[k..]
        .iter()
        .any(|s| phrases::closes_meeting(flat.tokens_in(s.clone())))
    {
        return Ok(());
    }
    let sentence = &sentences[k];
    let symbols = phrases::symbols_in(&flat.plain, sentence.clone());
    let part = phrases::part_of(flat.tokens_in(sentence.clone()), &symbols).map(|p| p.guess);
    let what = match part_words(part.as_ref()) {
        Some(part) => format!("a vote on {part}"),
        None => "a vote".to_string(),
    };
    let detail = format!(
        "{} announces {what}, but the text ends before its lists: the record seems cut short{}",
        excerpt(&flat.text(sentence.clone())),
        if options.lenient {
            "; that vote is dropped"
        } else {
            " (that vote cannot be read)"
        }
    );
    let error = IngestError::Unchecked {
        path: path.to_path_buf(),
        line: flat.line_at(sentence.start) + 1,
        detail,
    };
    refuse_unless_lenient(error, options, builder)
}

/// The part of a text a vote was on, in words for a message.
fn part_words(part: Option<&PartGuess>) -> Option<String> {
    Some(match part? {
        PartGuess::Whole => "the text as a whole".to_string(),
        PartGuess::Preambular(n) => format!("preambular paragraph {n}"),
        PartGuess::Operative(n) => format!("operative paragraph {n}"),
        PartGuess::Amendment(Some(symbol)) => format!("the amendment in {symbol}"),
        PartGuess::Amendment(None) => "an amendment".to_string(),
        PartGuess::Other => return None,
    })
}
