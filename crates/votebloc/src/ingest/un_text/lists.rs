//! Finding the vote lists: headings, entries broken across lines and pages, and where a list
//! ends.

use super::names;
use super::phrases;
use super::text::{self, Line, LineKind};
use crate::model::Vote;
use crate::model::countries;

/// Headings of the three lists, folded, in the three languages, as reports ("Ont voté pour :")
/// and verbatim records ("Votent pour :", "S'abstiennent :") print them; singular forms are used
/// when one state is listed ("A voté contre :", "S'est abstenu :").
const YES_HEADINGS: &[&str] = &[
    "ont vote pour",
    "a vote pour",
    "votent pour",
    "vote pour",
    "in favour",
    "in favor",
    "votos a favor",
    "votaron a favor",
    "voto a favor",
];
const NO_HEADINGS: &[&str] = &[
    "ont vote contre",
    "a vote contre",
    "votent contre",
    "vote contre",
    "against",
    "votos en contra",
    "votaron en contra",
    "voto en contra",
];
const ABSTAIN_HEADINGS: &[&str] = &[
    "se sont abstenus",
    "se sont abstenues",
    "s'est abstenu",
    "s'est abstenue",
    "s'abstiennent",
    "s'abstient",
    "abstentions",
    "abstention",
    "abstaining",
    "abstenciones",
    "abstencion",
    "se abstuvieron",
    "se abstuvo",
];

/// A heading line: which list it opens, and the entries printed on the same line after the
/// colon ("In favour: Afghanistan, Albania,").
pub(super) fn heading(line: &Line) -> Option<(Vote, String)> {
    if line.kind != LineKind::Text {
        return None;
    }
    let (vote, colon) = heading_colon(&line.folded)?;
    let content: String = line.plain.chars().skip(colon + 1).collect();
    Some((vote, content))
}

/// The list a folded line opens and the char index of the heading's colon.
pub(super) fn heading_colon(folded: &str) -> Option<(Vote, usize)> {
    for (vote, keys) in [
        (Vote::Yes, YES_HEADINGS),
        (Vote::No, NO_HEADINGS),
        (Vote::Abstain, ABSTAIN_HEADINGS),
    ] {
        for key in keys {
            let Some(rest) = folded.strip_prefix(key) else {
                continue;
            };
            let after_space = rest.trim_start();
            if !after_space.starts_with(':') {
                continue;
            }
            // Folding keeps one char for one, so the colon's char index is the same in the
            // plain line.
            let colon = key.chars().count() + (rest.chars().count() - after_space.chars().count());
            return Some((vote, colon));
        }
    }
    None
}

/// A piece of a list entry as printed on one line.
#[derive(Debug, Clone)]
pub(super) struct Fragment {
    /// 0-based line.
    pub line: usize,
    pub text: String,
    /// The fragment is the whole of its line (no separator on the line), so the line could be
    /// an unrecognised running header rather than part of a name.
    pub whole_line: bool,
}

/// One entry of a list: a state name, maybe broken across lines.
#[derive(Debug, Clone, Default)]
pub(super) struct Entry {
    pub fragments: Vec<Fragment>,
}

impl Entry {
    pub fn text(&self) -> String {
        join(&self.fragments)
    }

    /// 0-based line where the entry starts.
    pub fn line(&self) -> usize {
        self.fragments.first().map_or(0, |f| f.line)
    }
}

/// The text of consecutive fragments, as one name.
pub(super) fn join(fragments: &[Fragment]) -> String {
    names::clean(
        &fragments
            .iter()
            .map(|f| f.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// One list of a recorded vote.
#[derive(Debug, Clone)]
pub(super) struct List {
    pub vote: Vote,
    pub entries: Vec<Entry>,
    /// 0-based lines that start a name after a name printed without its comma, with that
    /// name.
    pub missing_commas: Vec<(usize, String)>,
    /// The list ended at something (a full stop, a heading, a sentence), not at the end of
    /// the text.
    pub closed: bool,
}

/// The lists of one recorded vote.
#[derive(Debug, Clone)]
pub(super) struct Block {
    pub lists: Vec<List>,
    /// 0-based line of the first heading.
    pub first_line: usize,
    /// 0-based line just after the last list.
    pub end_line: usize,
}

/// Finds every recorded vote: a run of headings in the order in favour, against, abstaining (any of
/// them may be missing), each followed by its list. A heading that does not come later in that
/// order than the previous one starts a new vote.
///
/// # Complexity
///
/// O(lines × line length).
pub(super) fn find_blocks(lines: &[Line]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut i = 0;
    while i < lines.len() {
        let Some((vote, content)) = heading(&lines[i]) else {
            if let Some(block) = current.take() {
                blocks.push(block);
            }
            i += 1;
            continue;
        };
        if let Some(block) = current.take() {
            let follows = block
                .lists
                .last()
                .is_some_and(|last| order(last.vote) < order(vote));
            if follows {
                current = Some(block);
            } else {
                blocks.push(block);
            }
        }
        let (list, next) = scan_list(lines, i, vote, &content);
        let block = current.get_or_insert_with(|| Block {
            lists: Vec::new(),
            first_line: i,
            end_line: i + 1,
        });
        block.lists.push(list);
        block.end_line = next;
        // Lists of one vote are separated only by blank lines and page furniture.
        let mut j = next;
        while j < lines.len() && (lines[j].kind != LineKind::Text || lines[j].footnote) {
            j += 1;
        }
        let next_heading = lines.get(j).and_then(heading);
        match next_heading {
            Some((v, _)) if order(v) > order(vote) => i = j,
            _ => {
                if let Some(block) = current.take() {
                    blocks.push(block);
                }
                i = next.max(i + 1);
            }
        }
    }
    if let Some(block) = current.take() {
        blocks.push(block);
    }
    blocks
}

fn order(vote: Vote) -> u8 {
    match vote {
        Vote::Yes => 0,
        Vote::No => 1,
        _ => 2,
    }
}

/// Collects list entries as they are read, line by line.
struct Collector {
    entries: Vec<Entry>,
    pending: Vec<Fragment>,
    /// Where a name ended a line without its comma and the next line began another name.
    missing_commas: Vec<(usize, String)>,
}

impl Collector {
    fn pending_text(&self) -> String {
        join(&self.pending)
    }

    fn finish_entry(&mut self) {
        let fragments = std::mem::take(&mut self.pending);
        let entry = Entry { fragments };
        if !names::is_empty_marker(&entry.text()) {
            self.entries.push(entry);
        }
    }

    /// Reads the entries of one line; true when a full stop closed the list.
    fn consume(&mut self, text: &str, line: usize) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let whole_line = !chars.iter().any(|c| matches!(c, ',' | ';'));
        let mut buffer = String::new();
        let push = |buffer: &mut String, pending: &mut Vec<Fragment>, whole_line: bool| {
            if buffer.chars().any(char::is_alphanumeric) {
                pending.push(Fragment {
                    line,
                    text: buffer.trim().to_string(),
                    whole_line,
                });
            }
            buffer.clear();
        };
        for (i, &c) in chars.iter().enumerate() {
            match c {
                ',' | ';' => {
                    push(&mut buffer, &mut self.pending, false);
                    self.finish_entry();
                }
                '.' if chars.get(i + 1).is_none_or(|c| c.is_whitespace()) => {
                    push(&mut buffer, &mut self.pending, false);
                    self.finish_entry();
                    return true;
                }
                c => buffer.push(c),
            }
        }
        push(&mut buffer, &mut self.pending, whole_line);
        false
    }
}

/// The start of a line up to its first separator: what would join a pending entry.
fn first_segment(line: &Line) -> &str {
    let end = line.plain.find([',', ';']).unwrap_or(line.plain.len());
    line.plain[..end].trim_end_matches('.')
}

/// True when the pending entry is a whole name, or whole names joined by "and" ("China and
/// Russian Federation").
fn complete(pending: &str) -> bool {
    names::resolve(pending).is_some() || names::split_names(pending, &mut 16).is_some()
}

/// True when `segment`, added to the pending entry, still spells the start of a known name.
fn continues(pending: &str, segment: &str) -> bool {
    let before = countries::normalize(pending);
    let joined = countries::normalize(&format!("{pending} {segment}"));
    joined.len() > before.len() && names::is_prefix(&joined)
}

/// True when a stated tally starts on line `j` (it may run onto the next lines).
fn tally_starts_on(lines: &[Line], j: usize) -> bool {
    let first = &lines[j].folded;
    let tokens = text::tokenize_str(first);
    if phrases::unreadable_tally(&tokens).is_some() {
        // "adopted by 1e309 votes": a tally, if an unreadable one, ends the list all the same.
        return true;
    }
    let opens_a_tally = |t: &text::Token| {
        matches!(
            t.text.as_str(),
            "by" | "par" | "por" | "received" | "recueilli" | "obtenu" | "obtuvo" | "recibio"
        )
    };
    if !tokens.iter().any(opens_a_tally) {
        return false;
    }
    let mut window = first.clone();
    for line in lines[j + 1..]
        .iter()
        .filter(|l| l.kind == LineKind::Text)
        .take(2)
    {
        window.push(' ');
        window.push_str(&line.folded);
    }
    let tokens = text::tokenize_str(&window);
    let limit = first.chars().count();
    phrases::find_tally(&tokens)
        .is_some_and(|found| tokens.get(found.token).is_some_and(|t| t.start < limit))
}

/// The most lines one entry may span ("United\nKingdom\nof\nGreat Britain\nand\nNorthern
/// Ireland" spans six in a 1993 record).
pub(super) const MAX_FRAGMENTS: usize = 16;

/// A line that cannot hold list entries: page furniture, footnotes, anything with digits (no
/// state name has one).
fn is_noise(line: &Line) -> bool {
    line.kind != LineKind::Text || line.footnote || line.has_digit()
}

/// Reads the list opened by the heading on line `heading_line`, whose same-line entries are
/// `content`. Returns the list and the line after it.
///
/// The list ends at a full stop after an entry, at the next heading, at a line where a tally
/// starts, at a bracketed note, or — when the last entry read is a complete name with no comma
/// after it — at a line that does not continue that name. Blank lines, page furniture and
/// footnotes inside a list are skipped.
fn scan_list(lines: &[Line], heading_line: usize, vote: Vote, content: &str) -> (List, usize) {
    let mut collector = Collector {
        entries: Vec::new(),
        pending: Vec::new(),
        missing_commas: Vec::new(),
    };
    let mut j = heading_line + 1;
    let mut closed = collector.consume(content, heading_line);
    if !closed {
        while j < lines.len() {
            let line = &lines[j];
            if heading(line).is_some() {
                break;
            }
            if line.kind == LineKind::Blank {
                j += 1;
                continue;
            }
            if line.kind == LineKind::Text
                && (line.plain.starts_with('[') || tally_starts_on(lines, j))
            {
                break;
            }
            if is_noise(line) {
                j += 1;
                continue;
            }
            if collector.pending.len() >= MAX_FRAGMENTS {
                // No name runs over this many lines: this is not a list any more.
                break;
            }
            if !collector.pending.is_empty() {
                let pending = collector.pending_text();
                if complete(&pending) && !continues(&pending, first_segment(line)) {
                    if names::resolve(first_segment(line)).is_some() {
                        // The next line starts with another name: the comma between the two
                        // was left out at the line end ("… Zambia ⏎ Zimbabwe.").
                        let conjunction = ["and ", "et ", "y "]
                            .iter()
                            .any(|w| line.folded.starts_with(w));
                        if !conjunction {
                            collector.missing_commas.push((j, pending));
                        }
                        collector.finish_entry();
                    } else {
                        // A complete name with no comma after it: the list is over, unless
                        // this line is an unrecognised running header and a later line goes
                        // on with the name.
                        match continuation_after_header(lines, j, &pending) {
                            Some(k) => {
                                j = k;
                                continue;
                            }
                            None => break,
                        }
                    }
                }
            }
            let full_stop = collector.consume(&line.plain, j);
            j += 1;
            if full_stop {
                closed = true;
                break;
            }
        }
        // Anything but the end of the text ended the list.
        closed = closed || j < lines.len();
    }
    collector.finish_entry();
    let list = List {
        vote,
        entries: collector.entries,
        missing_commas: collector.missing_commas,
        closed,
    };
    (list, j)
}

/// When line `j` does not continue the pending name, the next lines (up to three) may: line `j`
/// is then a running header this parser did not recognise. Returns the line that continues.
fn continuation_after_header(lines: &[Line], j: usize, pending: &str) -> Option<usize> {
    let header = &lines[j].plain;
    if header.chars().count() > 60 || header.ends_with('.') || header.ends_with(':') {
        return None;
    }
    for (k, line) in lines.iter().enumerate().skip(j + 1).take(3) {
        if heading(line).is_some() {
            return None;
        }
        if is_noise(line) {
            continue;
        }
        if continues(pending, first_segment(line)) {
            return Some(k);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Vec<Line> {
        super::super::furniture::lines(text, |s| names::resolve(s).is_some())
    }

    fn texts(list: &List) -> Vec<String> {
        list.entries.iter().map(Entry::text).collect()
    }

    #[test]
    fn headings_in_three_languages() {
        let lines = doc(
            "### *Ont voté pour :*\nIn favour: France, Czechia\n*Se sont abstenus\u{a0}:*\nVotos en contra:\nAgainst the motion: no\nIn favour of it",
        );
        let found: Vec<Option<(Vote, String)>> = lines.iter().map(heading).collect();
        assert_eq!(found[0], Some((Vote::Yes, String::new())));
        assert_eq!(found[1], Some((Vote::Yes, " France, Czechia".to_string())));
        assert_eq!(found[2], Some((Vote::Abstain, String::new())));
        assert_eq!(found[3], Some((Vote::No, String::new())));
        assert_eq!(found[4], None);
        assert_eq!(found[5], None);
    }

    #[test]
    fn lists_end_at_a_full_stop_a_heading_or_a_sentence() {
        let lines = doc(
            "Ont voté pour :\n\nFrance, Tchéquie.\n\nOnt voté contre :\n\nÉtats-Unis d'Amérique.\n\nb) Ensuite",
        );
        let blocks = find_blocks(&lines);
        assert_eq!(blocks.len(), 1);
        assert_eq!(texts(&blocks[0].lists[0]), vec!["France", "Tchéquie"]);
        assert_eq!(texts(&blocks[0].lists[1]), vec!["États-Unis d'Amérique"]);
        assert_eq!(blocks[0].end_line, 7);

        let lines = doc(
            "In favour: France, United States\nof\nAmerica\nAgainst: Czechia\nThe draft resolution was adopted by 2 votes to 1.\nIn favour: France",
        );
        let blocks = find_blocks(&lines);
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            texts(&blocks[0].lists[0]),
            vec!["France", "United States of America"]
        );
        assert_eq!(texts(&blocks[0].lists[1]), vec!["Czechia"]);
        assert_eq!(blocks[0].end_line, 4);
    }

    #[test]
    fn page_furniture_and_footnotes_inside_lists_are_skipped() {
        let lines = doc(
            "In favour: France,\n\n22\nGeneral Assembly - Forty-eighth session\nCzechia, United\nStates of America\nAgainst:\n<sup>1</sup> A footnote about A/C.1/77/PV.2.\nNone\nThe motion was adopted by 3 votes to 0.",
        );
        let blocks = find_blocks(&lines);
        assert_eq!(blocks.len(), 1);
        let yes = texts(&blocks[0].lists[0]);
        assert_eq!(yes[0], "France");
        assert_eq!(yes[2], "United States of America");
        // The header seen once is not known as furniture: the entry carries it until the
        // parser drops it when resolving.
        assert!(yes[1].ends_with("Czechia"), "{yes:?}");
        assert!(blocks[0].lists[1].entries.is_empty());
    }

    #[test]
    fn hyphenated_line_ends_join() {
        let lines = doc("Votos a favor:\nFrancia, Estados Uni-\ndos de América.");
        let blocks = find_blocks(&lines);
        assert_eq!(
            texts(&blocks[0].lists[0]),
            vec!["Francia", "Estados Uni-dos de América"]
        );
    }
}
