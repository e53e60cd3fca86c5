//! Reading each vote's motion from the sentences around its lists: the stated tally, the
//! part voted on, the document and its draft name, the resolution it became, the body that
//! voted, the date, the title and the outcome.

use super::lists::Block;
use super::phrases::{self, KindDoubt, PartGuess, PartRead};
use super::text::{Flat, Line, LineKind};
use crate::model::{Motion, Part, Tally, Vote};
use std::collections::BTreeMap;
use std::ops::Range;

/// A vote's motion as read from the text, with where it was read.
#[derive(Debug, Clone)]
pub(super) struct Described {
    pub motion: Motion,
    /// Offset of the first heading in the flat text.
    pub heading_offset: usize,
    /// 0-based line of the stated tally (of the first heading when none is stated).
    pub tally_line: usize,
    /// Offset in the flat text where the lists end.
    pub lists_end: usize,
    /// Offset where the sentence of the stated tally starts, when one is stated after the
    /// lists (the text between the two holds what the lists may have missed).
    pub tally_start: Option<usize>,
    /// The Security Council voted: states not listed are not members of the body.
    pub council: bool,
    /// The record names the draft only by its name ("draft resolution XVIII"): the id says it.
    pub named_by_draft: bool,
    /// A word where the kind of the paragraph voted on goes, spelt as no kind word ("del
    /// preámbtlo"): the part was read despite it, and a warning must say so.
    pub kind_doubt: Option<KindDoubt>,
}

/// A stated tally whose count is not a number of votes ("by 1.5 votes", "1e309").
#[derive(Debug, Clone)]
pub(super) struct UnreadableTally {
    /// 0-based line and 1-based column of the count.
    pub line: usize,
    pub column: usize,
    pub count: String,
    pub sentence: String,
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

/// A sentence of the running text, with the tally it states.
pub(super) struct Sentence {
    pub range: Range<usize>,
    pub tally: Option<phrases::FoundTally>,
}

fn sentence(flat: &Flat, range: Range<usize>) -> Sentence {
    let tally = phrases::find_tally(flat.tokens_in(range.clone()));
    Sentence { range, tally }
}

fn part_in(flat: &Flat, range: &Range<usize>) -> Option<PartRead> {
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
/// listed wins; on a tie, the report way when most introductions end with a colon. Returns
/// the choice for each vote and whether the verbatim way won.
fn choose_tallies(
    flat: &Flat,
    blocks: &[Block],
    intros: &[Vec<Sentence>],
    afters: &[Vec<Sentence>],
) -> (Vec<Choice>, bool) {
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
            let after = after_tally(&afters[b]);
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
                    TallyAt::After => after_tally(&afters[*b]).and_then(|s| s.tally),
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
        (report, false)
    } else {
        (verbatim, true)
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
/// How many sentences after the lists may hold the tally ("The President: The result of the
/// voting is as follows: 13 votes in favour, …" is three).
const AFTER_SENTENCES: usize = 4;

/// The first of the sentences after a vote's lists that states a tally.
fn after_tally(afters: &[Sentence]) -> Option<&Sentence> {
    afters.iter().find(|s| s.tally.is_some())
}

/// The sentences around each vote's lists.
struct Around {
    heading_offsets: Vec<usize>,
    end_offsets: Vec<usize>,
    /// The last [`INTRO_SENTENCES`] sentences before each vote's lists, after the lists
    /// before.
    intros: Vec<Vec<Sentence>>,
    /// The first [`AFTER_SENTENCES`] sentences after each vote's lists, before the next
    /// heading.
    afters: Vec<Vec<Sentence>>,
}

fn around(flat: &Flat, blocks: &[Block]) -> Around {
    let heading_offsets: Vec<usize> = blocks
        .iter()
        .map(|b| flat.start_of_line(b.first_line))
        .collect();
    let end_offsets: Vec<usize> = blocks
        .iter()
        .map(|b| flat.start_of_line(b.end_line))
        .collect();
    let intros = (0..blocks.len())
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
    let afters = (0..blocks.len())
        .map(|b| {
            let next_heading = heading_offsets
                .get(b + 1)
                .copied()
                .unwrap_or(flat.plain.len());
            flat.sentences(end_offsets[b].min(next_heading)..next_heading)
                .into_iter()
                .take(AFTER_SENTENCES)
                .map(|r| sentence(flat, r))
                .collect()
        })
        .collect();
    Around {
        heading_offsets,
        end_offsets,
        intros,
        afters,
    }
}

/// What the whole document says about every vote in it.
struct DocumentFacts {
    meeting: Vec<(usize, phrases::TextDate)>,
    date: Option<phrases::TextDate>,
    symbols: Vec<(usize, String)>,
    /// The record's own symbol (`A/48/PV.46`, `S/PV.8422`), when it is a verbatim record.
    record: Option<String>,
}

impl DocumentFacts {
    /// The date of the vote whose lists start at `heading`: that of the last numbered meeting
    /// before them, else the document's, the year taken from the document's date when the
    /// meeting's leaves it out.
    fn date_at(&self, heading: usize) -> Option<String> {
        self.meeting
            .partition_point(|(offset, _)| *offset < heading)
            .checked_sub(1)
            .and_then(|k| self.meeting.get(k))
            .map(|(_, d)| *d)
            .or(self.date)
            .and_then(|d| d.iso(self.date))
    }
}

/// The motions of a record's votes, and how the record states its tallies.
pub(super) struct Description {
    /// One per block of lists, in order.
    pub motions: Vec<Described>,
    /// The tallies were read the verbatim-record way, after the lists (else before them, as
    /// reports state them).
    pub verbatim: bool,
}

/// Reads each vote's motion from the sentences around its lists.
///
/// Reports state the tally before the lists ("… a été conservé par 85 voix contre 51, avec 27
/// abstentions. Les voix se sont réparties comme suit :"), verbatim records after them ("The
/// eighth preambular paragraph was retained by 105 votes to 2, with 22 abstentions."). A vote
/// whose introduction ends with a colon and holds a tally is read the first way; otherwise the
/// first sentences after the lists are tried, unless they introduce the next vote the first
/// way.
///
/// # Errors
///
/// A stated tally whose count cannot be read.
pub(super) fn describe(
    flat: &Flat,
    lines: &[Line],
    blocks: &[Block],
    stem: &str,
) -> Result<Description, UnreadableTally> {
    let around = around(flat, blocks);
    let (choices, verbatim) = choose_tallies(flat, blocks, &around.intros, &around.afters);
    let facts = DocumentFacts {
        meeting: meeting_dates(flat),
        date: document_date(flat),
        symbols: phrases::symbols_in(&flat.plain, 0..flat.plain.len()),
        record: record_symbol(flat, lines),
    };
    let mut amendments = Amendments::default();
    let mut described = Vec::with_capacity(blocks.len());
    for b in 0..blocks.len() {
        let choice = choices[b];
        let tally_sentence: Option<&Sentence> = match choice.tally {
            TallyAt::Intro(s) => around.intros[b].get(s),
            TallyAt::After => after_tally(&around.afters[b]),
            TallyAt::Nowhere => None,
        };
        if tally_sentence.is_none() {
            check_readable(flat, &around, b)?;
        }
        described.push(describe_one(
            flat,
            &around,
            &facts,
            b,
            choice,
            tally_sentence,
            &mut amendments,
            stem,
        ));
        described[b].motion.stated = tally_sentence.and_then(|s| s.tally.map(|t| t.tally));
        described[b].lists_end = around.end_offsets[b];
        described[b].tally_line = tally_sentence
            .and_then(|s| {
                s.tally.and_then(|t| {
                    flat.tokens_in(s.range.clone())
                        .get(t.token)
                        .map(|t| t.start)
                })
            })
            .map_or(blocks[b].first_line, |offset| flat.line_at(offset));
    }
    share_titles(&mut described);
    Ok(Description {
        motions: described,
        verbatim,
    })
}

/// When no tally was read for vote `b`, none of the sentences around its lists may state one
/// that cannot be read.
fn check_readable(flat: &Flat, around: &Around, b: usize) -> Result<(), UnreadableTally> {
    let candidates = around.intros[b]
        .iter()
        .rev()
        .take(3)
        .chain(around.afters[b].iter());
    for s in candidates {
        let tokens = flat.tokens_in(s.range.clone());
        if let Some(k) = phrases::unreadable_tally(tokens) {
            let start = tokens[k].start;
            let line = flat.line_at(start);
            let line_start = (0..=start)
                .rev()
                .find(|&i| i == 0 || flat.plain[i - 1] == '\n')
                .unwrap_or(0);
            let end = (k + 1..tokens.len())
                .take_while(|&j| tokens[j].start == tokens[j - 1].end)
                .last()
                .map_or(tokens[k].end, |j| tokens[j].end);
            return Err(UnreadableTally {
                line,
                column: start - line_start + 1,
                count: flat.plain[start..end].iter().collect(),
                sentence: flat.text(s.range.clone()),
            });
        }
    }
    Ok(())
}

/// The amendments met so far, so that a draft is never taken for an amendment's symbol.
#[derive(Default)]
struct Amendments {
    symbols: Vec<String>,
    unnamed: usize,
}

/// The motion of vote `b`, read from its tally sentence and the sentences of its
/// introduction (those from `choice.intro_from` on), with what the whole document says.
#[allow(clippy::too_many_arguments)]
fn describe_one(
    flat: &Flat,
    around: &Around,
    facts: &DocumentFacts,
    b: usize,
    choice: Choice,
    tally_sentence: Option<&Sentence>,
    amendments: &mut Amendments,
    stem: &str,
) -> Described {
    let heading = around.heading_offsets[b];
    let previous_end = if b == 0 { 0 } else { around.end_offsets[b - 1] };
    // Sentences of the introduction not already used by the vote before.
    let intro: Vec<&Sentence> = around.intros[b]
        .iter()
        .filter(|s| s.range.start >= choice.intro_from)
        .collect();
    let (part, part_sentence, kind_doubt) = read_part(flat, tally_sentence, &intro, amendments);
    let council_record = facts.record.as_deref().is_some_and(|r| r.starts_with("S/"));
    let mut searched: Vec<Range<usize>> = Vec::new();
    searched.extend(part_sentence);
    searched.extend(tally_sentence.map(|s| s.range.clone()));
    searched.extend(intro.iter().rev().map(|s| s.range.clone()));
    let document = read_document(flat, facts, &searched, heading, amendments, council_record);
    let (outcome, resolution) = outcome_and_resolution(flat, around, b, tally_sentence);
    let draft = searched
        .iter()
        .find_map(|range| draft_name(flat, range.clone()));
    let body = body_of(facts.record.as_deref(), document.as_deref());
    let council = body.as_deref() == Some(SECURITY_COUNCIL);
    let session = document
        .as_deref()
        .and_then(phrases::session_of)
        .or_else(|| facts.record.as_deref().and_then(phrases::session_of));
    let named_by_draft = document.is_none() && draft.is_some();
    let fallback = facts
        .record
        .clone()
        .filter(|_| named_by_draft)
        .unwrap_or_else(|| stem.to_string());
    let motion = Motion {
        id: String::new(),
        date: facts.date_at(heading),
        session,
        document: Some(document.unwrap_or(fallback)),
        part,
        title: title_before(flat, heading, previous_end),
        outcome,
        body,
        resolution,
        draft,
        ..Motion::default()
    };
    Described {
        motion,
        heading_offset: heading,
        tally_line: 0,
        lists_end: 0,
        tally_start: tally_sentence
            .filter(|_| choice.tally == TallyAt::After)
            .map(|s| s.range.start),
        council,
        named_by_draft,
        kind_doubt,
    }
}

/// What came of vote `b` and the resolution it became: from its tally's sentence, else from
/// the sentence after it ("The draft resolution has been adopted as resolution 2448 (2018).").
fn outcome_and_resolution(
    flat: &Flat,
    around: &Around,
    b: usize,
    tally_sentence: Option<&Sentence>,
) -> (Option<String>, Option<String>) {
    let following = tally_sentence.and_then(|t| {
        around.afters[b]
            .iter()
            .chain(around.intros[b].iter())
            .find(|s| s.range.start >= t.range.end)
    });
    let said = |s: &Sentence| -> String { flat.folded[s.range.clone()].iter().collect() };
    let outcome = tally_sentence
        .and_then(|s| phrases::outcome(&said(s)))
        .or_else(|| following.and_then(|s| phrases::outcome(&said(s))))
        .map(str::to_string);
    let resolution = tally_sentence
        .and_then(|s| phrases::resolution_symbol(&said(s)))
        .or_else(|| following.and_then(|s| phrases::resolution_symbol(&said(s))));
    (outcome, resolution)
}

/// The part voted on: from the tally's sentence, else from the introduction, nearest first;
/// with the sentence it was read from and the word of doubtful spelling where its kind goes.
/// Without a stated tally, a sentence that only names the draft ("la Commission s'est
/// prononcée comme suit sur le projet de résolution A/C.1/77/L.56 :") does not make the vote
/// one on the whole text: it may introduce several votes.
fn read_part(
    flat: &Flat,
    tally_sentence: Option<&Sentence>,
    intro: &[&Sentence],
    amendments: &mut Amendments,
) -> (Part, Option<Range<usize>>, Option<KindDoubt>) {
    let mut part_sentence = tally_sentence.map(|s| s.range.clone());
    let mut read = tally_sentence.and_then(|s| part_in(flat, &s.range));
    let unnamed_amendment = |r: &Option<PartRead>| {
        r.as_ref()
            .is_some_and(|r| r.guess == PartGuess::Amendment(None))
    };
    if read.is_none() || unnamed_amendment(&read) {
        for s in intro.iter().rev() {
            let here = part_in(flat, &s.range);
            let named_amendment = |r: &PartRead| matches!(r.guess, PartGuess::Amendment(Some(_)));
            let better = match (&read, &here) {
                (None, Some(_)) => true,
                (Some(_), Some(h)) => unnamed_amendment(&read) && named_amendment(h),
                _ => false,
            };
            if better {
                read = here;
                part_sentence = Some(s.range.clone());
                break;
            }
        }
    }
    let (mut guess, doubt) = match read {
        Some(r) => (Some(r.guess), r.doubt),
        None => (None, None),
    };
    if tally_sentence.is_none()
        && guess == Some(PartGuess::Whole)
        && !part_sentence
            .as_ref()
            .is_some_and(|r| phrases::says_whole(flat.tokens_in(r.clone())))
    {
        guess = Some(PartGuess::Other);
    }
    let part = match guess {
        Some(PartGuess::Whole) => Part::Whole,
        Some(PartGuess::Preambular(n)) => Part::Preambular(n),
        Some(PartGuess::Operative(n)) => Part::Operative(n),
        Some(PartGuess::Amendment(Some(symbol))) => {
            amendments.symbols.push(symbol.clone());
            Part::Amendment(symbol)
        }
        Some(PartGuess::Amendment(None)) => {
            amendments.unnamed += 1;
            Part::Amendment(amendments.unnamed.to_string())
        }
        Some(PartGuess::Other) | None => Part::Other,
    };
    (part, part_sentence, doubt)
}

/// The document voted on: a draft symbol in the sentences read, else the nearest one before
/// the lists, leaving out the symbols of amendments. In a Security Council record, a
/// document named as holding a draft resolution ("document S/2018/1016, which contains the
/// text of a draft resolution") is one.
fn read_document(
    flat: &Flat,
    facts: &DocumentFacts,
    searched: &[Range<usize>],
    heading: usize,
    amendments: &Amendments,
    council_record: bool,
) -> Option<String> {
    let acceptable = |offset: usize, symbol: &str| {
        let draft = phrases::is_draft_symbol(symbol)
            || (council_record && council_draft(flat, offset, symbol));
        draft
            && !amendments.symbols.iter().any(|a| a == symbol)
            && !names_an_amendment(flat, offset)
    };
    searched
        .iter()
        .find_map(|range| {
            phrases::symbols_in(&flat.plain, range.clone())
                .into_iter()
                .find(|(offset, symbol)| acceptable(*offset, symbol))
                .map(|(_, symbol)| symbol)
        })
        .or_else(|| {
            let before = facts
                .symbols
                .partition_point(|(offset, _)| *offset < heading);
            facts.symbols[..before]
                .iter()
                .rev()
                .find(|(offset, symbol)| acceptable(*offset, symbol))
                .map(|(_, symbol)| symbol.clone())
        })
}

/// True when the Council document `symbol` at `offset` is named as a draft resolution: "the
/// draft resolution in document S/1997/241", "document S/2018/1016, which contains the text of
/// a draft resolution", "le projet de résolution (S/2018/1016)".
fn council_draft(flat: &Flat, offset: usize, symbol: &str) -> bool {
    if !symbol.starts_with("S/") || symbol.contains("/PV.") {
        return false;
    }
    let end = offset + symbol.chars().count();
    let window = |range: Range<usize>| -> String {
        let range = range.start.min(flat.folded.len())..range.end.min(flat.folded.len());
        flat.folded[range].iter().collect()
    };
    let before = window(offset.saturating_sub(40)..offset);
    let after = window(end..end + 80);
    let names_draft = |text: &str| DRAFT_WORDS.iter().any(|w| text.contains(w));
    names_draft(&before) || names_draft(&after)
}

const DRAFT_WORDS: &[&str] = &[
    "draft resolution",
    "projet de resolution",
    "proyecto de resolucion",
];

/// A draft named without its symbol: "draft resolution XVIII", "projet de résolution B",
/// "proyecto de resolución II", as printed.
fn draft_name(flat: &Flat, range: Range<usize>) -> Option<String> {
    let tokens = flat.tokens_in(range);
    for k in 0..tokens.len() {
        for words in [
            &["draft", "resolution"][..],
            &["draft", "decision"],
            &["projet", "de", "resolution"],
            &["projet", "de", "decision"],
            &["proyecto", "de", "resolucion"],
            &["proyecto", "de", "decision"],
        ] {
            let matches = words
                .iter()
                .enumerate()
                .all(|(i, w)| tokens.get(k + i).is_some_and(|t| t.text == *w));
            let Some(label) = matches.then(|| tokens.get(k + words.len())).flatten() else {
                continue;
            };
            let printed: String = flat.plain[label.start..label.end].iter().collect();
            let roman = printed.chars().all(|c| "IVXLC".contains(c)) && printed.len() <= 6;
            let letter = printed.len() == 1 && printed.chars().all(|c| c.is_ascii_uppercase());
            if roman || letter {
                return Some(flat.text(tokens[k].start..label.end));
            }
        }
    }
    None
}

/// The body of the Security Council, as [`Motion::body`] names it.
pub(super) const SECURITY_COUNCIL: &str = "Security Council";

/// The body that voted: from the record's own symbol (`S/PV.…` the Security Council,
/// `A/C.3/…/PV.…` the Third Committee, `A/…/PV.…` the General Assembly), else from the
/// draft's (`A/C.1/77/L.56` the First Committee, `A/79/L.8` the General Assembly, `S/…` the
/// Council).
fn body_of(record: Option<&str>, document: Option<&str>) -> Option<String> {
    let of = |symbol: &str| -> Option<String> {
        if symbol.starts_with("S/") {
            return Some(SECURITY_COUNCIL.to_string());
        }
        let rest = symbol.strip_prefix("A/")?;
        if let Some(committee) = rest.strip_prefix("C.") {
            let n: String = committee.chars().take_while(char::is_ascii_digit).collect();
            let name = match n.as_str() {
                "1" => "First",
                "2" => "Second",
                "3" => "Third",
                "4" => "Fourth",
                "5" => "Fifth",
                "6" => "Sixth",
                _ => return None,
            };
            return Some(format!("{name} Committee"));
        }
        Some("General Assembly".to_string())
    };
    record.and_then(of).or_else(|| document.and_then(of))
}

/// The record's own symbol: a verbatim-record symbol (`…/PV.…`) alone on a line (the running
/// header), else the first one in the opening of the text.
fn record_symbol(flat: &Flat, lines: &[Line]) -> Option<String> {
    let alone = lines.iter().find_map(|line| {
        if line.kind == LineKind::Blank {
            return None;
        }
        let chars: Vec<char> = line.plain.trim().chars().collect();
        phrases::symbol_at(&chars, 0)
            .filter(|s| s.contains("/PV.") && s.chars().count() == chars.len())
    });
    alone.or_else(|| {
        phrases::symbols_in(&flat.plain, 0..flat.plain.len().min(400))
            .into_iter()
            .map(|(_, s)| s)
            .find(|s| s.contains("/PV."))
    })
}

/// Votes on one document share its title.
fn share_titles(described: &mut [Described]) {
    let titles: BTreeMap<String, String> = described
        .iter()
        .filter_map(|d| Some((d.motion.document.clone()?, d.motion.title.clone()?)))
        .collect();
    for d in described {
        if d.motion.title.is_none() {
            d.motion.title = d
                .motion
                .document
                .as_ref()
                .and_then(|doc| titles.get(doc).cloned());
        }
    }
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
