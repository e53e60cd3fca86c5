//! Assembling the dataset: each vote's motion read from its sentences, its lists resolved
//! and checked against the stated tally, absent members filled in.

use super::lists::{self, Block, Entry};
use super::names;
use super::notes;
use super::phrases::{self, PartGuess};
use super::text::{self, Flat, Line};
use crate::ingest::{IngestError, IngestOptions};
use crate::model::countries::{self, Country};
use crate::model::{
    Dataset, DatasetBuilder, DatasetError, Member, Motion, Note, Part, Tally, Vote,
};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

/// Parses the recorded votes of a UN report or verbatim record (French, English or Spanish).
///
/// Takes the path (for messages and, when the text names no document symbol, for motion ids),
/// the text (BOM removed, LF line ends, as [`crate::ingest::source::read_text`] returns it) and
/// the options (`lenient` turns a tally mismatch into a warning in `stats.warnings`).
///
/// Returns one motion per recorded vote, with id `{document}:{part}` (`A/C.1/77/L.56:whole`,
/// `A/48/L.13:preambular:8`; a repeated id gets `#2`, `#3`), its date, session, stated tally
/// and outcome, and, for a paragraph or amendment vote, the id of the vote on the whole text.
/// Every state listed gets its vote; every other state that was a UN member on the vote's date
/// (today's members when the date is unknown) is `Absent`; a state of the file that was not
/// a member then is `NotMember`. "Subsequently, the delegation of X advised …" statements are
/// kept as notes and never change a vote.
///
/// Errors: no vote list at all ([`IngestError::NoVotes`]), a name the registry does not know
/// ([`IngestError::UnknownMember`], with the closest known names), a state listed twice in
/// one vote ([`DatasetError::ConflictingVote`]), lists that disagree with the stated tally
/// ([`IngestError::TallyMismatch`], unless lenient). Never panics.
///
/// Cost: O(L + V·S) for a text of length L with V votes over S states. Motions come out in
/// natural id order, members in code order (the [`Dataset`] guarantees).
///
/// ```
/// use votebloc::ingest::{un_text, IngestOptions};
/// use votebloc::Vote;
/// let text = "In favour: France, United States of America\nAgainst: Czechia\n\
///             Draft resolution A/79/L.1 was adopted by 2 votes to 1.\n";
/// let data = un_text::parse("r.txt".as_ref(), text, &IngestOptions::default()).unwrap();
/// assert_eq!(data.motions[0].id, "A/79/L.1:whole");
/// let cze = data.member_index("CZE").unwrap();
/// assert_eq!(data.vote(0, cze), Some(Vote::No));
/// ```
pub fn parse(path: &Path, text: &str, options: &IngestOptions) -> Result<Dataset, IngestError> {
    let lines = text::lines(text, |segment| {
        names::resolve(segment).is_some() || names::is_inside_a_name(&countries::normalize(segment))
    });
    let mut builder = DatasetBuilder::new(path);
    // A heading followed by no state name at all ("Against: the use of force …" in a speech)
    // is not a vote.
    let (blocks, not_votes): (Vec<Block>, Vec<Block>) =
        lists::find_blocks(&lines).into_iter().partition(|block| {
            block
                .lists
                .iter()
                .flat_map(|l| &l.entries)
                .any(|e| names::resolve(&e.text()).is_some())
        });
    for block in &not_votes {
        builder.stats.warnings.push(format!(
            "{}:{}: a vote-list heading followed by no state name: not read as a vote",
            path.display(),
            block.first_line + 1
        ));
    }
    if blocks.is_empty() {
        return Err(IngestError::NoVotes {
            path: path.to_path_buf(),
            detail: "no vote list (\"In favour:\", \"Ont voté pour :\", \"Votos a favor:\") \
                     naming a state in the text"
                .to_string(),
        });
    }
    let flat = Flat::new(&lines);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "document".to_string());
    let mut motions = describe(&flat, &blocks, &stem);
    assign_ids(&mut motions);
    link_wholes(&mut motions);

    let mut votes: Vec<Vec<(&'static Country, Vote, usize)>> = Vec::new();
    for (block, motion) in blocks.iter().zip(&motions) {
        votes.push(resolve_block(path, &lines, block, motion, &mut builder)?);
    }
    for (motion, listed) in motions.iter().zip(&votes) {
        check_duplicates(path, motion, listed)?;
        check_tally(path, motion, listed, options, &mut builder)?;
    }
    let notes =
        notes::find(&flat).map_err(|unknown| unknown_member(path, unknown.line, &unknown.name))?;
    for note in notes {
        let motion = motions
            .partition_point(|m| m.heading_offset <= note.offset)
            .checked_sub(1)
            .and_then(|k| motions.get(k));
        for member in &note.members {
            let member = match motion.and_then(|m| m.motion.date.as_deref()) {
                Some(date) => countries::holder_on(member, date),
                None => member,
            };
            builder.notes.push(Note {
                motion: motion.map(|m| m.motion.id.clone()),
                member: member.alpha3.to_string(),
                intended: note.intended,
                text: note.text.clone(),
                line: note.line + 1,
            });
        }
    }
    fill_and_push(&mut builder, &motions, &votes, options.date.as_deref())?;
    Ok(builder.finish()?)
}

/// A vote's motion as read from the text, with where it was read.
#[derive(Debug, Clone)]
struct Described {
    motion: Motion,
    /// Offset of the first heading in the flat text.
    heading_offset: usize,
    /// 0-based line of the stated tally.
    tally_line: usize,
}

/// The first full date of the document (the date line of a record, the "Distr." date of a
/// report).
fn document_date(flat: &Flat) -> Option<phrases::TextDate> {
    phrases::dates(&flat.tokens)
        .into_iter()
        .map(|(_, d)| d)
        .find(|d| d.year.is_some())
}

/// Dates that closely follow a numbered meeting ("À sa 30e séance, le 3 novembre", "46th
/// plenary meeting, Monday, 1 November 1993", "en su 30ª sesión, celebrada el 3 de
/// noviembre"), with their offsets. A meeting mentioned in a speech ("the Board, meeting on
/// 20 September") has no number and is not taken.
fn meeting_dates(flat: &Flat) -> Vec<(usize, phrases::TextDate)> {
    let tokens = &flat.tokens;
    let numbered_meeting = |m: usize| {
        phrases::MEETING_WORDS.contains(&tokens[m].text.as_str())
            && tokens[m.saturating_sub(2)..m]
                .iter()
                .any(|t| phrases::ordinal(&[t.text.as_str()]).is_some())
    };
    phrases::dates(tokens)
        .into_iter()
        .filter(|&(i, _)| (i.saturating_sub(8)..i).any(numbered_meeting))
        .map(|(i, d)| (tokens[i].start, d))
        .collect()
}

/// The sentences of `range`, with their tokens and symbols ready.
struct Sentence {
    range: Range<usize>,
    tally: Option<phrases::FoundTally>,
}

fn sentence(flat: &Flat, range: Range<usize>) -> Sentence {
    let tally = phrases::find_tally(flat.tokens_in(range.clone()));
    Sentence { range, tally }
}

fn part_in(flat: &Flat, range: &Range<usize>) -> Option<PartGuess> {
    let symbols = phrases::symbols_in(&flat.plain, range.clone());
    phrases::part_of(flat.tokens_in(range.clone()), &symbols)
}

/// Where a vote's stated tally was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TallyAt {
    /// In the sentence of that index of the introduction.
    Intro(usize),
    /// In the first sentence after the lists.
    After,
    Nowhere,
}

#[derive(Debug, Clone, Copy)]
struct Choice {
    tally: TallyAt,
    /// Introduction sentences starting before this offset belong to the vote before.
    intro_from: usize,
}

/// Assigns each vote its tally sentence, the document being read one way throughout: as a
/// report (the tally in the introduction, "… par 85 voix contre 51, avec 27 abstentions. Les
/// voix se sont réparties comme suit :") or as a verbatim record (the tally in the sentence
/// after the lists). The way under which more stated tallies agree with the number of entries
/// listed wins; on a tie, the report way when most introductions end with a colon.
fn choose_tallies(
    flat: &Flat,
    blocks: &[Block],
    intros: &[Vec<Sentence>],
    afters: &[Option<Sentence>],
) -> Vec<Choice> {
    // The nearest tally among the last three sentences of an introduction.
    let before = |b: usize, from: usize| -> Option<usize> {
        let intro = intros.get(b)?;
        (0..intro.len())
            .rev()
            .take(3)
            .find(|&s| intro[s].tally.is_some() && intro[s].range.start >= from)
    };
    let assign = |verbatim: bool| -> Vec<Choice> {
        let mut out = Vec::with_capacity(blocks.len());
        let mut intro_from = 0;
        for b in 0..blocks.len() {
            let after = afters[b].as_ref().filter(|a| a.tally.is_some());
            let own_before = before(b, intro_from);
            // In a report, the sentence after one vote's lists introduces the next vote.
            let after_introduces_next = after.is_some_and(|a| {
                before(b + 1, 0).is_some_and(|s| intros[b + 1][s].range.start == a.range.start)
            });
            let tally = match (verbatim, after, own_before) {
                (true, Some(_), _) => TallyAt::After,
                (true, None, Some(s)) | (false, _, Some(s)) => TallyAt::Intro(s),
                (false, Some(_), None) if !after_introduces_next => TallyAt::After,
                _ => TallyAt::Nowhere,
            };
            out.push(Choice { tally, intro_from });
            intro_from = match (tally, after) {
                (TallyAt::After, Some(a)) => a.range.end,
                _ => 0,
            };
        }
        out
    };
    let agreeing = |choices: &[Choice]| -> usize {
        choices
            .iter()
            .enumerate()
            .filter(|(b, choice)| {
                let stated = match choice.tally {
                    TallyAt::Intro(s) => intros[*b].get(s).and_then(|s| s.tally),
                    TallyAt::After => afters[*b].as_ref().and_then(|s| s.tally),
                    TallyAt::Nowhere => None,
                };
                stated.is_some_and(|found| entries_agree(&blocks[*b], found.tally))
            })
            .count()
    };
    let report = assign(false);
    let verbatim = assign(true);
    let (report_score, verbatim_score) = (agreeing(&report), agreeing(&verbatim));
    let colons = intros
        .iter()
        .filter(|intro| {
            intro
                .last()
                .and_then(|s| s.range.end.checked_sub(1))
                .and_then(|end| flat.plain.get(end))
                == Some(&':')
        })
        .count();
    if report_score > verbatim_score
        || (report_score == verbatim_score && 2 * colons > blocks.len())
    {
        report
    } else {
        verbatim
    }
}

/// True when the number of entries in each list equals the tally (abstentions when stated).
fn entries_agree(block: &Block, tally: Tally) -> bool {
    let count = |v: Vote| {
        block
            .lists
            .iter()
            .filter(|l| l.vote == v)
            .map(|l| l.entries.len())
            .sum::<usize>() as u32
    };
    count(Vote::Yes) == tally.yes
        && count(Vote::No) == tally.no
        && tally.abstain.is_none_or(|a| a == count(Vote::Abstain))
}

/// How many sentences before the lists are read for the motion.
const INTRO_SENTENCES: usize = 4;

/// Reads each vote's motion from the sentences around its lists.
///
/// Reports state the tally before the lists ("… a été conservé par 85 voix contre 51, avec 27
/// abstentions. Les voix se sont réparties comme suit :"), verbatim records after them ("The
/// eighth preambular paragraph was retained by 105 votes to 2, with 22 abstentions."). A vote
/// whose introduction ends with a colon and holds a tally is read the first way; otherwise the
/// first sentence after the lists is tried, unless it introduces the next vote the first way.
fn describe(flat: &Flat, blocks: &[Block], stem: &str) -> Vec<Described> {
    let heading_offsets: Vec<usize> = blocks
        .iter()
        .map(|b| flat.start_of_line(b.first_line))
        .collect();
    let end_offsets: Vec<usize> = blocks
        .iter()
        .map(|b| flat.start_of_line(b.end_line))
        .collect();
    let intros: Vec<Vec<Sentence>> = (0..blocks.len())
        .map(|b| {
            let start = if b == 0 { 0 } else { end_offsets[b - 1] };
            let all = flat.sentences(start.min(heading_offsets[b])..heading_offsets[b]);
            let skip = all.len().saturating_sub(INTRO_SENTENCES);
            all.into_iter()
                .skip(skip)
                .map(|r| sentence(flat, r))
                .collect()
        })
        .collect();
    let afters: Vec<Option<Sentence>> = (0..blocks.len())
        .map(|b| {
            let next_heading = heading_offsets
                .get(b + 1)
                .copied()
                .unwrap_or(flat.plain.len());
            flat.sentences(end_offsets[b].min(next_heading)..next_heading)
                .into_iter()
                .next()
                .map(|r| sentence(flat, r))
        })
        .collect();
    let choices = choose_tallies(flat, blocks, &intros, &afters);
    let meeting = meeting_dates(flat);
    let doc_date = document_date(flat);
    let all_symbols = phrases::symbols_in(&flat.plain, 0..flat.plain.len());
    let mut amendment_symbols: Vec<String> = Vec::new();
    let mut unnamed_amendments = 0;
    let mut described = Vec::with_capacity(blocks.len());
    for b in 0..blocks.len() {
        let choice = choices[b];
        // Sentences of the introduction not already used by the vote before.
        let intro: Vec<&Sentence> = intros[b]
            .iter()
            .filter(|s| s.range.start >= choice.intro_from)
            .collect();
        let tally_sentence: Option<&Sentence> = match choice.tally {
            TallyAt::Intro(s) => intros[b].get(s),
            TallyAt::After => afters[b].as_ref(),
            TallyAt::Nowhere => None,
        };

        // The part: from the tally's sentence, else from the introduction, nearest first.
        let mut part_sentence = tally_sentence.map(|s| s.range.clone());
        let mut guess = tally_sentence.and_then(|s| part_in(flat, &s.range));
        if matches!(guess, None | Some(PartGuess::Amendment(None))) {
            for s in intro.iter().rev() {
                match (&guess, part_in(flat, &s.range)) {
                    (None, Some(g)) => {
                        guess = Some(g);
                        part_sentence = Some(s.range.clone());
                        break;
                    }
                    (Some(PartGuess::Amendment(None)), Some(PartGuess::Amendment(Some(d)))) => {
                        guess = Some(PartGuess::Amendment(Some(d)));
                        part_sentence = Some(s.range.clone());
                        break;
                    }
                    _ => {}
                }
            }
        }
        let part = match guess {
            Some(PartGuess::Whole) => Part::Whole,
            Some(PartGuess::Preambular(n)) => Part::Preambular(n),
            Some(PartGuess::Operative(n)) => Part::Operative(n),
            Some(PartGuess::Amendment(Some(symbol))) => {
                amendment_symbols.push(symbol.clone());
                Part::Amendment(symbol)
            }
            Some(PartGuess::Amendment(None)) => {
                unnamed_amendments += 1;
                Part::Amendment(unnamed_amendments.to_string())
            }
            Some(PartGuess::Other) | None => Part::Other,
        };

        // The document: a draft symbol in the sentences read, else the nearest one before the
        // lists, leaving out the symbols of amendments.
        let acceptable = |offset: usize, symbol: &str| {
            phrases::is_draft_symbol(symbol)
                && !amendment_symbols.iter().any(|a| a == symbol)
                && !names_an_amendment(flat, offset)
        };
        let mut searched: Vec<Range<usize>> = Vec::new();
        searched.extend(part_sentence.clone());
        searched.extend(tally_sentence.map(|s| s.range.clone()));
        searched.extend(intro.iter().rev().map(|s| s.range.clone()));
        let mut document = searched.iter().find_map(|range| {
            phrases::symbols_in(&flat.plain, range.clone())
                .into_iter()
                .find(|(offset, symbol)| acceptable(*offset, symbol))
                .map(|(_, symbol)| symbol)
        });
        if document.is_none() {
            let before = all_symbols.partition_point(|(offset, _)| *offset < heading_offsets[b]);
            document = all_symbols[..before]
                .iter()
                .rev()
                .find(|(offset, symbol)| acceptable(*offset, symbol))
                .map(|(_, symbol)| symbol.clone());
        }

        let date = meeting
            .partition_point(|(offset, _)| *offset < heading_offsets[b])
            .checked_sub(1)
            .and_then(|k| meeting.get(k))
            .map(|(_, d)| *d)
            .or(doc_date)
            .and_then(|d| d.iso(doc_date));
        let title = title_before(
            flat,
            heading_offsets[b],
            if b == 0 { 0 } else { end_offsets[b - 1] },
        );
        let tally_line = tally_sentence
            .and_then(|s| {
                s.tally.and_then(|t| {
                    flat.tokens_in(s.range.clone())
                        .get(t.token)
                        .map(|t| t.start)
                })
            })
            .map_or(blocks[b].first_line, |offset| flat.line_at(offset));
        let outcome = tally_sentence.and_then(|s| {
            let folded: String = flat.folded[s.range.clone()].iter().collect();
            phrases::outcome(&folded).map(str::to_string)
        });
        let motion = Motion {
            id: String::new(),
            date,
            session: document.as_deref().and_then(phrases::session_of),
            document: Some(document.unwrap_or_else(|| stem.to_string())),
            part,
            title,
            stated: tally_sentence.and_then(|s| s.tally.map(|t| t.tally)),
            outcome,
            ..Motion::default()
        };
        described.push(Described {
            motion,
            heading_offset: heading_offsets[b],
            tally_line,
        });
    }
    // Votes on one document share its title.
    let titles: BTreeMap<String, String> = described
        .iter()
        .filter_map(|d| Some((d.motion.document.clone()?, d.motion.title.clone()?)))
        .collect();
    for d in &mut described {
        if d.motion.title.is_none() {
            d.motion.title = d
                .motion
                .document
                .as_ref()
                .and_then(|doc| titles.get(doc).cloned());
        }
    }
    described
}

/// True when the symbol at `offset` is introduced as an amendment ("the amendment contained in
/// document A/65/L.53"), not as the draft it amends ("… to draft resolution A/65/L.22").
fn names_an_amendment(flat: &Flat, offset: usize) -> bool {
    let start = offset.saturating_sub(70);
    let before: String = flat.folded[start..offset.min(flat.folded.len())]
        .iter()
        .collect();
    let Some(at) = ["amendment", "amendement", "enmienda"]
        .iter()
        .filter_map(|w| before.rfind(w))
        .max()
    else {
        return false;
    };
    let between = &before[at..];
    !["resolution", "resolucion", "decision"]
        .iter()
        .any(|w| between.contains(w))
}

/// The title of the text voted on, from the last "entitled “…”" / "intitulé « … »" /
/// "titulado “…”" between `from` and `offset`.
fn title_before(flat: &Flat, offset: usize, from: usize) -> Option<String> {
    let tokens = flat.tokens_in(from..offset);
    let intro = tokens.iter().rev().find(|t| {
        matches!(
            t.text.as_str(),
            "entitled" | "intitule" | "intitulee" | "titulado" | "titulada"
        )
    })?;
    let mut i = intro.end;
    let limit = (i + 6).min(offset);
    while i < limit && flat.folded[i] != '"' {
        i += 1;
    }
    if i >= limit {
        return None;
    }
    let start = i + 1;
    let end = (start..offset.min(start + 400)).find(|&k| flat.folded[k] == '"')?;
    let title = flat.text(start..end);
    (!title.is_empty()).then_some(title)
}

/// Gives each motion its id `{document}:{part}`, with `#2`, `#3` on repeats.
fn assign_ids(motions: &mut [Described]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for d in motions {
        let base = format!(
            "{}:{}",
            d.motion.document.as_deref().unwrap_or(""),
            d.motion.part
        );
        let count = seen.entry(base.clone()).or_insert(0);
        *count += 1;
        d.motion.id = if *count == 1 {
            base
        } else {
            format!("{base}#{count}")
        };
    }
}

/// Links each paragraph or amendment vote to the vote on the whole of the same document: the
/// first one after it, else the last one before it. An amendment whose document has no vote
/// on the whole is linked to the next vote on a whole text ("draft resolution III, as
/// amended").
///
/// Cost: O(V log V) over the V votes of the document.
fn link_wholes(motions: &mut [Described]) {
    // Positions of the votes on whole texts, per document and overall, in document order.
    let mut wholes_of: HashMap<Option<String>, Vec<usize>> = HashMap::new();
    let mut wholes: Vec<usize> = Vec::new();
    for (i, m) in motions.iter().enumerate() {
        if m.motion.part == Part::Whole {
            wholes_of
                .entry(m.motion.document.clone())
                .or_default()
                .push(i);
            wholes.push(i);
        }
    }
    let next_after = |positions: &[usize], i: usize| {
        positions
            .get(positions.partition_point(|&p| p <= i))
            .copied()
    };
    let last_before = |positions: &[usize], i: usize| {
        positions
            .partition_point(|&p| p < i)
            .checked_sub(1)
            .and_then(|k| positions.get(k).copied())
    };
    for i in 0..motions.len() {
        if !motions[i].motion.part.is_separate() {
            continue;
        }
        let same = wholes_of
            .get(&motions[i].motion.document)
            .map_or(&[][..], Vec::as_slice);
        let whole = next_after(same, i)
            .or_else(|| last_before(same, i))
            .or_else(|| {
                matches!(motions[i].motion.part, Part::Amendment(_))
                    .then(|| next_after(&wholes, i))
                    .flatten()
            });
        motions[i].motion.whole = whole.map(|w| motions[w].motion.id.clone());
    }
}

fn unknown_member(path: &Path, line: usize, name: &str) -> IngestError {
    // A runaway entry (text that is not a list) is shown by its start.
    let name: String = if name.chars().count() > 120 {
        name.chars().take(117).chain("...".chars()).collect()
    } else {
        name.to_string()
    };
    let name = name.as_str();
    IngestError::UnknownMember {
        path: path.to_path_buf(),
        line: line + 1,
        what: "state name".to_string(),
        name: name.to_string(),
        suggestions: countries::suggest(name, 3)
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

/// Resolves an entry to one or more states. A name not found as printed is retried without
/// whole lines at its ends (running headers the furniture detection missed), then split at
/// line boundaries (a comma missing at a line end). Each repair is reported as a warning.
fn resolve_entry(
    lines: &[Line],
    entry: &Entry,
    warnings: &mut Vec<String>,
    path: &Path,
) -> Option<Vec<&'static Country>> {
    let fragments = &entry.fragments;
    if let Some(country) = names::resolve(&entry.text()) {
        return Some(vec![country]);
    }
    let n = fragments.len();
    for dropped in 1..n {
        for front in 0..=dropped {
            let back = dropped - front;
            let kept = &fragments[front..n - back];
            let all_whole = fragments[..front]
                .iter()
                .chain(&fragments[n - back..])
                .all(|f| f.whole_line);
            if !all_whole {
                continue;
            }
            if let Some(country) = names::resolve(&lists::join(kept)) {
                for f in fragments[..front].iter().chain(&fragments[n - back..]) {
                    warnings.push(format!(
                        "{}:{}: ignored {:?} inside a vote list (taken for a running header)",
                        path.display(),
                        f.line + 1,
                        lines
                            .get(f.line)
                            .map_or(f.text.as_str(), |l| l.plain.as_str())
                    ));
                }
                return Some(vec![country]);
            }
        }
    }
    // Split into consecutive groups of fragments that each resolve.
    let mut best: Vec<Option<Vec<usize>>> = vec![None; n + 1];
    best[0] = Some(Vec::new());
    for end in 1..=n {
        for start in 0..end {
            if best[start].is_none() {
                continue;
            }
            if start > 0 && !fragments[start].whole_line && !fragments[start - 1].whole_line {
                continue;
            }
            if names::resolve(&lists::join(&fragments[start..end])).is_some() {
                let mut cuts = best[start].clone().unwrap_or_default();
                cuts.push(end);
                best[end] = Some(cuts);
                break;
            }
        }
    }
    let cuts = best[n].clone()?;
    let mut out = Vec::new();
    let mut start = 0;
    for end in cuts {
        out.push(names::resolve(&lists::join(&fragments[start..end]))?);
        start = end;
    }
    warnings.push(format!(
        "{}:{}: read {:?} as {} names (a comma seems to be missing)",
        path.display(),
        entry.line() + 1,
        entry.text(),
        out.len()
    ));
    Some(out)
}

/// The states listed in one vote, each with its vote and its 0-based line.
fn resolve_block(
    path: &Path,
    lines: &[Line],
    block: &Block,
    motion: &Described,
    builder: &mut DatasetBuilder,
) -> Result<Vec<(&'static Country, Vote, usize)>, IngestError> {
    let mut listed = Vec::new();
    for list in &block.lists {
        for entry in &list.entries {
            builder.stats.rows += 1;
            let Some(found) = resolve_entry(lines, entry, &mut builder.stats.warnings, path) else {
                return Err(unknown_member(path, entry.line(), &entry.text()));
            };
            for country in found {
                let country = match motion.motion.date.as_deref() {
                    Some(date) => countries::holder_on(country, date),
                    None => country,
                };
                listed.push((country, list.vote, entry.line()));
            }
        }
    }
    Ok(listed)
}

/// A state listed twice in one vote (in one list or two) is an error naming both lines.
fn check_duplicates(
    path: &Path,
    motion: &Described,
    listed: &[(&'static Country, Vote, usize)],
) -> Result<(), IngestError> {
    let mut first: HashMap<&str, (Vote, usize)> = HashMap::new();
    for &(country, vote, line) in listed {
        if let Some(&(first_vote, first_line)) = first.get(country.alpha3) {
            return Err(IngestError::Dataset(DatasetError::ConflictingVote {
                path: path.to_path_buf(),
                line: (line + 1) as u32,
                first_line: (first_line + 1) as u32,
                motion: motion.motion.id.clone(),
                member: country.alpha3.to_string(),
                first: first_vote,
                second: vote,
            }));
        }
        first.insert(country.alpha3, (vote, line));
    }
    Ok(())
}

/// Compares the lists with the stated tally (abstentions only when stated).
fn check_tally(
    path: &Path,
    motion: &Described,
    listed: &[(&'static Country, Vote, usize)],
    options: &IngestOptions,
    builder: &mut DatasetBuilder,
) -> Result<(), IngestError> {
    let count = |v: Vote| listed.iter().filter(|(_, vote, _)| *vote == v).count() as u32;
    let found = Tally {
        yes: count(Vote::Yes),
        no: count(Vote::No),
        abstain: Some(count(Vote::Abstain)),
    };
    let Some(stated) = motion.motion.stated else {
        builder.stats.warnings.push(format!(
            "{}:{}: vote on {}: no stated tally found; the lists ({found}) are not checked",
            path.display(),
            motion.tally_line + 1,
            motion.motion.id
        ));
        return Ok(());
    };
    let agrees = stated.yes == found.yes
        && stated.no == found.no
        && stated.abstain.is_none_or(|a| Some(a) == found.abstain);
    if agrees {
        return Ok(());
    }
    let error = IngestError::TallyMismatch {
        path: path.to_path_buf(),
        line: motion.tally_line + 1,
        motion: motion.motion.id.clone(),
        stated: stated.to_string(),
        found: found.to_string(),
    };
    if options.lenient {
        builder.stats.warnings.push(error.to_string());
        Ok(())
    } else {
        Err(error)
    }
}

/// Registers motions and members and pushes every vote: the listed ones, `Absent` for the
/// other members of the day, `NotMember` for states of the file that were not members then.
/// A motion the record gives no date takes `default_date` (`--date`); with neither, its date
/// stays empty and the members of the day are the registry's current members (never the
/// clock's date, so that the output is the same on any day), with a warning.
fn fill_and_push(
    builder: &mut DatasetBuilder,
    motions: &[Described],
    votes: &[Vec<(&'static Country, Vote, usize)>],
    default_date: Option<&str>,
) -> Result<(), IngestError> {
    let mut states: BTreeMap<&'static str, &'static Country> = BTreeMap::new();
    let mut membership: Vec<Option<String>> = Vec::with_capacity(motions.len());
    let member_on = |country: &Country, date: &Option<String>| match date {
        Some(date) => country.member_on(date),
        None => country.status == countries::Status::Member,
    };
    let mut undated = 0usize;
    for (motion, listed) in motions.iter().zip(votes) {
        let date = motion
            .motion
            .date
            .clone()
            .or_else(|| default_date.map(str::to_string));
        undated += usize::from(date.is_none());
        for country in countries::all().iter().filter(|c| member_on(c, &date)) {
            states.insert(country.alpha3, country);
        }
        for (country, _, line) in listed {
            states.insert(country.alpha3, country);
            if let Some(date) = &date
                && !country.member_on(date)
                && country.un_from.is_some()
            {
                builder.stats.warnings.push(format!(
                    "{}:{}: {} ({}) is listed in the vote on {} but was not a UN member on {date}",
                    builder.path().display(),
                    line + 1,
                    country.name_en,
                    country.alpha3,
                    motion.motion.id
                ));
            }
        }
        membership.push(date);
    }
    if undated > 0 {
        builder.stats.warnings.push(format!(
            "{}: {undated} vote(s) without a date in the record: absences counted against the \
             current UN members; give the date of the vote with --date YYYY-MM-DD",
            builder.path().display()
        ));
    }
    let member_index: BTreeMap<&str, u32> = states
        .values()
        .map(|c| (c.alpha3, builder.member(Member::new(c.alpha3, c.name_en))))
        .collect();
    for ((motion, listed), date) in motions.iter().zip(votes).zip(&membership) {
        let mut record = motion.motion.clone();
        record.date = date.clone();
        let m = builder.motion(record);
        let mut voted: HashMap<&str, ()> = HashMap::new();
        for &(country, vote, line) in listed {
            let Some(&member) = member_index.get(country.alpha3) else {
                continue;
            };
            builder.push(m, member, vote, None, (line + 1) as u32)?;
            voted.insert(country.alpha3, ());
        }
        for (code, country) in &states {
            if voted.contains_key(code) {
                continue;
            }
            let Some(&member) = member_index.get(code) else {
                continue;
            };
            let vote = if member_on(country, date) {
                Vote::Absent
            } else {
                Vote::NotMember
            };
            builder.push(m, member, vote, None, 0)?;
        }
    }
    Ok(())
}
