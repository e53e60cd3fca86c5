//! Assembling the dataset: each vote's lists resolved and checked against the stated tally,
//! absent members (or, in the Security Council, non-members of the Council) filled in.

use super::announced::{self, refuse_unless_lenient};
use super::describe::{self, Described, UnreadableTally};
use super::furniture;
use super::ids;
use super::lists::{self, Block, Entry};
use super::names;
use super::notes;
use super::text::{Flat, Line};
use crate::ingest::{IngestError, IngestOptions};
use crate::model::countries::{self, Country};
use crate::model::{
    Dataset, DatasetBuilder, DatasetError, Member, Note, Part, Tally, Vote, excerpt,
};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The states listed in one vote, each with its vote and its 0-based line.
type Listed = Vec<(&'static Country, Vote, usize)>;

/// Parses the recorded votes of a UN report or verbatim record (French, English or Spanish).
///
/// Takes the path (for messages and, when the text names no document symbol, for motion ids),
/// the text (BOM removed, LF line ends, as [`crate::ingest::source::read_text`] returns it) and
/// the options (`lenient` turns a tally mismatch into a warning in `stats.warnings`).
///
/// Returns one motion per recorded vote, named by what the record says (see below), with its
/// date, session, body (`General Assembly`, a Main Committee, `Security Council`), stated
/// tally, outcome, the resolution it became, and, for a paragraph or amendment vote, the id
/// of the vote on the whole text. Ids: the resolution for an adopted whole text
/// (`A/RES/48/14`, `S/RES/2448 (2018)`), else `{draft symbol}:{part}`
/// (`A/C.1/77/L.56:preambular:15`, `S/1997/241:whole`), else the record's symbol with the
/// draft's name, else the file name with the part; a repeated id gets `#2`, `#3`.
/// Every state listed gets its vote; every other state that was a UN member on the vote's date
/// (today's members when the date is unknown) is `Absent` — in the Security Council,
/// `NotMember` (it does not sit on the Council); a state of the file that was not a member
/// then is `NotMember`. A Council draft that fails with a permanent member against is
/// `vetoed`, the permanent members against named in `vetoed_by`. "Subsequently, the
/// delegation of X advised …" statements are kept as notes and never change a vote. A word
/// where a paragraph's kind goes that is spelt as no kind word is read with a warning naming
/// the line and the word: a misspelling ("del preámbtlo") as the kind it is within two letters
/// of, an unknown word ("del apéndice") as operative.
///
/// # Errors
///
/// No vote list at all ([`IngestError::NoVotes`]); a name the registry does not know
/// ([`IngestError::UnknownMember`], with the closest known names); a state listed twice in
/// one vote ([`DatasetError::ConflictingVote`]); a stated tally whose count is not a number
/// ([`IngestError::Parse`], with line and column); and, unless lenient (then each is a
/// warning saying what it covers): lists that disagree with the stated tally
/// ([`IngestError::TallyMismatch`], naming the lists, the names read and what is missing), a
/// vote without a stated tally in a record that states the others', a record that ends
/// inside a list or right after a list's heading, "A recorded vote was taken." with no list
/// after it, and a text that ends right after a vote's announcement ("… was retained by a
/// recorded vote of 84 to 51, with 30 abstentions. The voting was as follows:", at the line of
/// the announcement) ([`IngestError::Unchecked`]). Never panics.
///
/// # Complexity
///
/// O(L + V·S) for a text of length L with V votes over S states. Motions come out in natural
/// id order, members in code order (the [`Dataset`] guarantees).
///
/// # Examples
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
    let lines = furniture::lines(text, |segment| {
        names::resolve(segment).is_some() || names::is_inside_a_name(&countries::normalize(segment))
    });
    let mut builder = DatasetBuilder::new(path);
    let blocks = vote_blocks(path, &lines, options, &mut builder)?;
    let reported = announced::check_announced(path, &lines, &blocks, options, &mut builder)?;
    let flat = Flat::new(&lines);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "document".to_string());
    let description = describe::describe(&flat, &lines, &blocks, &stem)
        .map_err(|bad| unreadable_tally(path, bad))?;
    let mut motions = description.motions;
    announced::check_tail(
        path,
        &flat,
        &motions,
        description.verbatim,
        &reported,
        options,
        &mut builder,
    )?;
    ids::assign_ids(&mut motions);
    ids::link_wholes(&mut motions);
    warn_kind_doubts(path, &flat, &motions, &mut builder);

    let mut votes: Vec<Listed> = Vec::new();
    for (block, motion) in blocks.iter().zip(&motions) {
        votes.push(resolve_block(path, &lines, block, motion, &mut builder)?);
    }
    let stated_elsewhere = motions.iter().filter(|m| m.motion.stated.is_some()).count();
    for ((motion, listed), block) in motions.iter_mut().zip(&votes).zip(&blocks) {
        check_duplicates(path, motion, listed)?;
        let check = Check {
            path,
            lines: &lines,
            flat: &flat,
            block,
            options,
            stated_elsewhere,
        };
        check.tally(motion, listed, &mut builder)?;
        if motion.council {
            find_veto(motion, listed, &mut builder.stats.warnings, path);
        }
    }
    attach_notes(path, &flat, &motions, &mut builder)?;
    fill_and_push(&mut builder, &motions, &votes, options.date.as_deref())?;
    Ok(builder.finish()?)
}

/// The blocks of vote lists that name states. A heading followed by no state name at all
/// ("Against: the use of force …" in a speech) is not a vote: a warning says so, unless the
/// text ends right after it, which is a record cut short (an error unless lenient).
fn vote_blocks(
    path: &Path,
    lines: &[Line],
    options: &IngestOptions,
    builder: &mut DatasetBuilder,
) -> Result<Vec<Block>, IngestError> {
    let (blocks, not_votes): (Vec<Block>, Vec<Block>) =
        lists::find_blocks(lines).into_iter().partition(|block| {
            block
                .lists
                .iter()
                .flat_map(|l| &l.entries)
                .any(|e| names::resolve(&e.text()).is_some())
        });
    for block in &not_votes {
        if let Some(list) = block.lists.last().filter(|l| !l.closed) {
            let error = IngestError::Unchecked {
                path: path.to_path_buf(),
                line: block.first_line + 1,
                detail: format!(
                    "the text ends after the {} heading of a vote list, with no state name \
                     after it: the record seems cut short (that vote is not read)",
                    list_label(list.vote)
                ),
            };
            refuse_unless_lenient(error, options, builder)?;
            continue;
        }
        builder.stats.warnings.push(format!(
            "{}:{}: a vote-list heading followed by no state name: not read as a vote",
            path.display(),
            block.first_line + 1
        ));
    }
    if blocks.is_empty() {
        return Err(IngestError::NoVotes {
            path: path.to_path_buf(),
            line: 1,
            detail: "no vote list (\"In favour:\", \"Ont voté pour :\", \"Votos a favor:\") \
                     naming a state in the text"
                .to_string(),
        });
    }
    Ok(blocks)
}

/// A paragraph vote read despite a word of doubtful spelling where the paragraph's kind goes
/// ("párrafo 15 del preámbtlo"): a warning names the vote, the line, the word read and how it
/// was taken. A misspelling of a kind word is read as that word (one or two wrong letters, as
/// OCR leaves in a PDF's text, do not make a record unreadable, and the two kinds are too far
/// apart to mistake); an unknown word leaves the paragraph operative, as UN texts call a
/// paragraph not said to be preambular.
fn warn_kind_doubts(path: &Path, flat: &Flat, motions: &[Described], builder: &mut DatasetBuilder) {
    for motion in motions {
        let Some(doubt) = &motion.kind_doubt else {
            continue;
        };
        let end = doubt.end.min(flat.plain.len());
        let word: String = flat.plain[doubt.start.min(end)..end].iter().collect();
        let kind = match motion.motion.part {
            Part::Preambular(_) => "preambular",
            _ => "operative",
        };
        let how = match doubt.read_as {
            Some(known) => format!("read as a misspelling of {known:?}: a {kind} paragraph"),
            None => format!(
                "stands where a paragraph's kind goes but is neither preambular nor operative: \
                 read as a {kind} paragraph"
            ),
        };
        builder.stats.warnings.push(format!(
            "{}:{}: vote on {}: {word:?} {how}",
            path.display(),
            flat.line_at(doubt.start) + 1,
            motion.motion.id
        ));
    }
}

fn unreadable_tally(path: &Path, bad: UnreadableTally) -> IngestError {
    IngestError::Parse {
        path: path.to_path_buf(),
        line: bad.line + 1,
        column: bad.column,
        expected: "a stated tally in whole numbers of votes (\"by 85 votes to 51, with 27 \
                   abstentions\")"
            .to_string(),
        found: format!("{} in {}", excerpt(&bad.count), excerpt(&bad.sentence)),
    }
}

/// "Subsequently, the delegation of X advised …": kept as notes of the vote they follow.
fn attach_notes(
    path: &Path,
    flat: &Flat,
    motions: &[Described],
    builder: &mut DatasetBuilder,
) -> Result<(), IngestError> {
    let notes =
        notes::find(flat).map_err(|unknown| unknown_member(path, unknown.line, &unknown.name))?;
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
    Ok(())
}

/// The permanent members of the Security Council (the Soviet Union's seat held by the
/// Russian Federation from 24 December 1991, China's by the People's Republic from 25 October
/// 1971: the registry gives the holder on the date).
const PERMANENT_MEMBERS: &[&str] = &["CHN", "FRA", "GBR", "RUS", "SUN", "USA"];

/// A Council draft that failed while a permanent member voted against it was vetoed ("not
/// adopted, owing to the negative vote of a permanent member"), unless it lacked the nine
/// votes in favour it needed anyway.
fn find_veto(motion: &mut Described, listed: &Listed, warnings: &mut Vec<String>, path: &Path) {
    let m = &mut motion.motion;
    if matches!(m.outcome.as_deref(), Some("adopted")) {
        return;
    }
    let against: Vec<String> = listed
        .iter()
        .filter(|(c, v, _)| *v == Vote::No && PERMANENT_MEMBERS.contains(&c.alpha3))
        .map(|(c, _, _)| c.alpha3.to_string())
        .collect();
    let yes = listed.iter().filter(|(_, v, _)| *v == Vote::Yes).count();
    let said = m.outcome.as_deref() == Some("vetoed");
    if !against.is_empty() && (said || yes >= 9) {
        m.outcome = Some("vetoed".to_string());
        m.vetoed_by = against;
    } else if said {
        warnings.push(format!(
            "{}:{}: vote on {}: the record speaks of a permanent member's negative vote, but no \
             permanent member is listed against",
            path.display(),
            motion.tally_line + 1,
            m.id
        ));
    }
}

fn unknown_member(path: &Path, line: usize, name: &str) -> IngestError {
    // A runaway entry (text that is not a list) is shown by its start (`excerpt`).
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
    // "China and Russian Federation": names joined by a conjunction, the last one's comma
    // replaced by "and".
    let text = entry.text();
    if let Some(found) = names::split_names(&text, &mut 64).filter(|f| f.len() > 1) {
        return Some(found);
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
        for (line, before) in &list.missing_commas {
            builder.stats.warnings.push(format!(
                "{}:{}: a comma seems to be missing after {before:?} at the end of the line \
                 before: read as two names",
                path.display(),
                line + 1
            ));
        }
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

/// What checking a vote's lists against its stated tally needs to know.
struct Check<'a> {
    path: &'a Path,
    lines: &'a [Line],
    flat: &'a Flat,
    block: &'a Block,
    options: &'a IngestOptions,
    /// How many votes of the record have a stated tally.
    stated_elsewhere: usize,
}

fn count_of(listed: &Listed) -> Tally {
    let count = |v: Vote| listed.iter().filter(|(_, vote, _)| *vote == v).count() as u32;
    Tally {
        yes: count(Vote::Yes),
        no: count(Vote::No),
        abstain: Some(count(Vote::Abstain)),
    }
}

impl Check<'_> {
    /// Compares the lists with the stated tally (abstentions only when stated). A vote
    /// without one is checked for a record cut short inside its lists, and for a tally
    /// sentence lost when the record states the other votes' tallies.
    fn tally(
        &self,
        motion: &Described,
        listed: &Listed,
        builder: &mut DatasetBuilder,
    ) -> Result<(), IngestError> {
        let found = count_of(listed);
        let Some(stated) = motion.motion.stated else {
            return self.unstated(motion, found, builder);
        };
        let agrees = stated.yes == found.yes
            && stated.no == found.no
            && stated.abstain.is_none_or(|a| Some(a) == found.abstain);
        if agrees {
            return Ok(());
        }
        let error = IngestError::TallyMismatch {
            path: self.path.to_path_buf(),
            line: motion.tally_line + 1,
            motion: motion.motion.id.clone(),
            stated,
            found,
            detail: self.mismatch_detail(motion, listed, stated),
        };
        refuse_unless_lenient(error, self.options, builder)
    }

    fn unstated(
        &self,
        motion: &Described,
        found: Tally,
        builder: &mut DatasetBuilder,
    ) -> Result<(), IngestError> {
        let id = &motion.motion.id;
        let last = self.block.lists.last();
        if let Some(list) = last.filter(|l| !l.closed) {
            let line = list
                .entries
                .last()
                .map_or(self.block.first_line, |e| e.line());
            let error = IngestError::Unchecked {
                path: self.path.to_path_buf(),
                line: line + 1,
                detail: format!(
                    "the text ends inside the {} list of the vote on {id}, with no stated tally \
                     after it: the record seems cut short ({found} yes/no/abstain read)",
                    list_label(list.vote)
                ),
            };
            return refuse_unless_lenient(error, self.options, builder);
        }
        if self.stated_elsewhere > 0 {
            let error = IngestError::Unchecked {
                path: self.path.to_path_buf(),
                line: motion.tally_line + 1,
                detail: format!(
                    "vote on {id}: no stated tally found, though the record states one for \
                     {} other vote(s): the sentence that introduces this vote may be missing or \
                     damaged; its lists ({found} yes/no/abstain) are not checked",
                    self.stated_elsewhere
                ),
            };
            return refuse_unless_lenient(error, self.options, builder);
        }
        builder.stats.warnings.push(format!(
            "{}:{}: vote on {id}: no stated tally found; the lists ({found}) are not checked",
            self.path.display(),
            motion.tally_line + 1,
        ));
        Ok(())
    }

    /// Which lists disagree with the tally, the names read in each, and the lines between the
    /// lists and the tally that name states but were not read as a list (a heading the
    /// parser did not recognise, "Abstainng:").
    fn mismatch_detail(&self, motion: &Described, listed: &Listed, stated: Tally) -> String {
        let mut parts = Vec::new();
        for (vote, want) in [
            (Vote::Yes, Some(stated.yes)),
            (Vote::No, Some(stated.no)),
            (Vote::Abstain, stated.abstain),
        ] {
            let Some(want) = want else { continue };
            let read: Vec<&str> = listed
                .iter()
                .filter(|(_, v, _)| *v == vote)
                .map(|(c, _, _)| c.name_en)
                .collect();
            if read.len() as u32 == want {
                continue;
            }
            let has_list = self.block.lists.iter().any(|l| l.vote == vote);
            let missing = i64::from(want) - read.len() as i64;
            let what = if missing > 0 {
                format!("{missing} missing")
            } else {
                format!("{} too many", -missing)
            };
            parts.push(if has_list {
                format!(
                    "the {} list holds {} name(s) ({}), the tally says {want}: {what}",
                    list_label(vote),
                    read.len(),
                    summary(&read)
                )
            } else {
                format!(
                    "no {} list was read, the tally says {want}",
                    list_label(vote)
                )
            });
        }
        parts.extend(self.unread_lines(motion));
        if let Some(list) = self.block.lists.last().filter(|l| !l.closed) {
            parts.push(format!(
                "the text ends inside the {} list: the record seems cut short",
                list_label(list.vote)
            ));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("; {}", parts.join("; "))
        }
    }

    /// Lines between the lists and the stated tally that name states.
    fn unread_lines(&self, motion: &Described) -> Vec<String> {
        let Some(tally_start) = motion.tally_start else {
            return Vec::new();
        };
        let first = self.flat.line_at(motion.lists_end);
        let last = self.flat.line_at(tally_start);
        (first..last.min(self.lines.len()))
            .filter_map(|i| {
                let line = &self.lines[i];
                let names: Vec<&str> = line
                    .plain
                    .split([',', ';', ':'])
                    .filter_map(|s| names::resolve(s).map(|c| c.name_en))
                    .collect();
                (!names.is_empty()).then(|| {
                    format!(
                        "line {} was not read as a list but names {}: {:?} (a misspelt heading?)",
                        i + 1,
                        summary(&names),
                        line.plain.chars().take(80).collect::<String>()
                    )
                })
            })
            .collect()
    }
}

fn list_label(vote: Vote) -> &'static str {
    match vote {
        Vote::Yes => "\"In favour\"",
        Vote::No => "\"Against\"",
        _ => "\"Abstaining\"",
    }
}

/// Names for a message: all of a short list, the ends of a long one.
fn summary(names: &[&str]) -> String {
    if names.len() <= 12 {
        names.join(", ")
    } else {
        format!(
            "{} … {}",
            names[..3].join(", "),
            names[names.len() - 3..].join(", ")
        )
    }
}

/// Whether `country` was a UN member on `date`; without a date, whether it is one in the
/// registry (never the clock's date, so that the output is the same on any day).
fn member_on(country: &Country, date: &Option<String>) -> bool {
    match date {
        Some(date) => country.member_on(date),
        None => country.status == countries::Status::Member,
    }
}

/// Registers motions and members and pushes every vote: the listed ones, `Absent` for the
/// other members of the day (`NotMember` in the Security Council, where only 15 sit),
/// `NotMember` for states of the file that were not members then. A motion the record gives no
/// date takes `default_date` (`--date`); with neither, its date stays empty and the members of
/// the day are the registry's current members, with a warning.
fn fill_and_push(
    builder: &mut DatasetBuilder,
    motions: &[Described],
    votes: &[Listed],
    default_date: Option<&str>,
) -> Result<(), IngestError> {
    let (states, dates) = states_and_dates(builder, motions, votes, default_date);
    let member_index: BTreeMap<&str, u32> = states
        .values()
        .map(|c| (c.alpha3, builder.member(Member::new(c.alpha3, c.name_en))))
        .collect();
    for ((motion, listed), date) in motions.iter().zip(votes).zip(&dates) {
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
            let vote = if member_on(country, date) && !motion.council {
                Vote::Absent
            } else {
                Vote::NotMember
            };
            builder.push(m, member, vote, None, 0)?;
        }
    }
    Ok(())
}

/// The states of the file (every member on the day of some vote and every state listed), by
/// code, and the date each vote counts its members on. Warns of a state listed though not a
/// member on the day, of a Council vote that does not list 15 members, and of votes without a
/// date.
fn states_and_dates(
    builder: &mut DatasetBuilder,
    motions: &[Described],
    votes: &[Listed],
    default_date: Option<&str>,
) -> (
    BTreeMap<&'static str, &'static Country>,
    Vec<Option<String>>,
) {
    let mut states: BTreeMap<&'static str, &'static Country> = BTreeMap::new();
    let mut dates: Vec<Option<String>> = Vec::with_capacity(motions.len());
    let path = builder.path().display().to_string();
    let warnings = &mut builder.stats.warnings;
    for (motion, listed) in motions.iter().zip(votes) {
        let date = motion
            .motion
            .date
            .clone()
            .or_else(|| default_date.map(str::to_string));
        for country in countries::all().iter().filter(|c| member_on(c, &date)) {
            states.insert(country.alpha3, country);
        }
        for (country, _, line) in listed {
            states.insert(country.alpha3, country);
            if let Some(date) = &date
                && !country.member_on(date)
                && country.un_from.is_some()
            {
                warnings.push(format!(
                    "{path}:{}: {} ({}) is listed in the vote on {} but was not a UN member on \
                     {date}",
                    line + 1,
                    country.name_en,
                    country.alpha3,
                    motion.motion.id
                ));
            }
        }
        if motion.council && listed.len() != 15 {
            warnings.push(format!(
                "{path}:{}: the lists of the Security Council vote on {} name {} members, not the \
                 Council's 15; the states not listed are recorded not_member",
                motion.tally_line + 1,
                motion.motion.id,
                listed.len()
            ));
        }
        dates.push(date);
    }
    let undated = dates.iter().filter(|d| d.is_none()).count();
    if undated > 0 {
        warnings.push(format!(
            "{path}: {undated} vote(s) without a date in the record: absences counted against the \
             current UN members; give the date of the vote with --date YYYY-MM-DD"
        ));
    }
    (states, dates)
}
