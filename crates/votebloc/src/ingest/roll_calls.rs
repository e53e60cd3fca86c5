//! The roll-call and issue side tables that the data-set readers join (unvotes'
//! `un_roll_calls.csv` and `un_roll_call_issues.csv`, Voeten's `roll_calls.csv`), the seat
//! successions their dates resolve, and the common end of a data-set read.

use super::csv_rows::{Header, Row, csv_reader, each_row, iso_date};
use super::{IngestError, IngestOptions, source};
use crate::model::countries::{self, Country};
use crate::model::{Dataset, DatasetBuilder, Motion, Part};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// Closes a data-set read: reports roll calls missing from the side table as a warning and
/// validates the dataset. Shared by the readers that join roll-call tables.
pub(crate) fn finish(
    path: &Path,
    mut builder: DatasetBuilder,
    side: &SideTables,
    cursor: &MotionCursor,
) -> Result<Dataset, IngestError> {
    if builder.is_empty() {
        return Err(IngestError::NoVotes {
            path: path.to_path_buf(),
            line: 2,
            detail: "the CSV has a header but no rows".to_string(),
        });
    }
    builder.stats.warnings.extend(side.warnings.iter().cloned());
    if cursor.missing > 0
        && let Some(table) = &side.roll_calls_path
    {
        builder.stats.warnings.push(format!(
            "{}: {} roll call(s) are not in {} (kept without date or document)",
            path.display(),
            cursor.missing,
            table.display()
        ));
    }
    Ok(builder.finish()?)
}

/// Seats that the datasets code with one country code across a change of holder: the USSR's
/// seat (taken by the Russian Federation on 1991-12-24) and Yugoslavia's (the Federal Republic
/// of Yugoslavia from 2000-11-01, Serbia and Montenegro, Serbia from 2006-06-03). The China seat
/// is not among them: both unvotes and Voeten code the Republic of China apart (TW, COW 713).
const SHARED_SEAT_CODES: [&str; 2] = ["RUS", "YUG"];

/// True for the seats whose holder [`seat_holder`] looks up by date.
pub(crate) fn is_shared_seat(country: &Country) -> bool {
    SHARED_SEAT_CODES.contains(&country.alpha3)
}

/// The state that held `country`'s seat on the date of `motion`, for the seats the datasets
/// code with one code across a succession ([`SHARED_SEAT_CODES`]); `country` itself otherwise or
/// when the motion has no date (without `--roll-calls`, unvotes has none).
pub(crate) fn seat_holder(
    builder: &DatasetBuilder,
    motion: u32,
    country: &'static Country,
) -> &'static Country {
    if !SHARED_SEAT_CODES.contains(&country.alpha3) {
        return country;
    }
    match builder.motion_ref(motion).and_then(|m| m.date.as_deref()) {
        Some(date) => countries::holder_on(country, date),
        None => country,
    }
}

/// The side tables of a read (roll calls and issues by rcid), read-only once read, so that
/// several parts of an input can be read at once (each with its own [`MotionCursor`]).
pub(crate) struct SideTables {
    roll_calls: Option<RollCallTable>,
    roll_calls_path: Option<PathBuf>,
    issues: FxHashMap<u64, Vec<String>>,
    /// Side-table fields ignored under `--lenient`.
    warnings: Vec<String>,
}

/// What one reader of votes learns while joining the side tables.
#[derive(Debug, Default)]
pub(crate) struct MotionCursor {
    /// Roll calls of the votes that the roll-call table lacks.
    pub(crate) missing: usize,
    /// The roll-call id of the previous row and its motion index.
    last_motion: Option<(String, u32)>,
}

impl MotionCursor {
    /// Adds what another reader (of a later part of the input) found.
    pub(crate) fn absorb(&mut self, other: &MotionCursor) {
        self.missing += other.missing;
    }
}

impl SideTables {
    /// Reads the tables named in `options` (none: empty tables).
    pub(crate) fn read(options: &IngestOptions) -> Result<SideTables, IngestError> {
        let mut warnings = Vec::new();
        let roll_calls = match &options.roll_calls {
            Some(path) => Some(read_roll_calls(path, options.lenient, &mut warnings)?),
            None => None,
        };
        let issues = match &options.issues {
            Some(path) => read_issues(path)?,
            None => FxHashMap::default(),
        };
        Ok(SideTables {
            roll_calls,
            roll_calls_path: options.roll_calls.clone(),
            issues,
            warnings,
        })
    }

    /// The builder's index of the motion of this row's rcid, registering it (with what the
    /// side tables say about it) the first time. The rcid must be a whole number.
    pub(crate) fn motion(
        &self,
        cursor: &mut MotionCursor,
        builder: &mut DatasetBuilder,
        row: &Row<'_>,
        rcid_column: usize,
    ) -> Result<u32, IngestError> {
        let text = row.field(rcid_column);
        // Rows come grouped by roll call: the previous row's roll call is the usual answer.
        if let Some((last_text, index)) = &cursor.last_motion
            && super::csv_rows::same_text(last_text, text)
        {
            return Ok(*index);
        }
        let index = self.lookup_motion(cursor, builder, row, rcid_column)?;
        // The text's buffer is reused: roll calls change every few rows in some files.
        match &mut cursor.last_motion {
            Some((last_text, last_index)) => {
                last_text.clear();
                last_text.push_str(text);
                *last_index = index;
            }
            None => cursor.last_motion = Some((text.to_string(), index)),
        }
        Ok(index)
    }

    fn lookup_motion(
        &self,
        cursor: &mut MotionCursor,
        builder: &mut DatasetBuilder,
        row: &Row<'_>,
        rcid_column: usize,
    ) -> Result<u32, IngestError> {
        let text = row.field(rcid_column);
        if let Some(index) = builder.motion_id_index(text) {
            return Ok(index);
        }
        let rcid: u64 = row.parse(rcid_column, "a roll-call id (a whole number)")?;
        // A zero-padded or otherwise odd spelling of a known id is the same roll call.
        let id = rcid.to_string();
        if let Some(index) = builder.motion_id_index(&id) {
            return Ok(index);
        }
        let mut motion = match &self.roll_calls {
            Some(table) => match table.get(rcid) {
                Some(known) => known.clone(),
                None => {
                    cursor.missing += 1;
                    Motion::new(id.clone())
                }
            },
            None => Motion::new(id.clone()),
        };
        if let Some(codes) = self.issues.get(&rcid) {
            motion.issues.extend(codes.iter().cloned());
            motion.issues.sort();
            motion.issues.dedup();
        }
        Ok(builder.motion(motion))
    }
}

/// The roll calls of a roll-call table, by rcid.
///
/// Keyed by the number, not its text: `007` and `7` are one roll call, and the table is
/// looked up once per roll call of the votes (thousands of times).
#[derive(Debug, Default)]
pub(crate) struct RollCallTable {
    /// In the order of the table's rows.
    motions: Vec<Motion>,
    /// rcid → position in `motions`.
    by_rcid: FxHashMap<u64, usize>,
}

impl RollCallTable {
    /// The roll call `rcid`, if the table lists it.
    pub(crate) fn get(&self, rcid: u64) -> Option<&Motion> {
        self.by_rcid.get(&rcid).map(|&index| &self.motions[index])
    }
}

/// Issue columns of Voeten's roll-call table (flags), in the order they are written.
const ISSUE_FLAGS: [&str; 6] = ["me", "nu", "di", "hr", "co", "ec"];

/// Reads a roll-call table, unvotes `un_roll_calls.csv`
/// (`rcid,session,importantvote,date,unres,amend,para,short,descr`) or Voeten's `roll_calls.csv`
/// (`rcid,session,year,date,unres,importantvote,me,nu,di,hr,co,ec`): only `rcid` is required.
/// Returns the motions by rcid.
///
/// Quotes escaped with backslashes instead of doubled leave two marks, both mended with one
/// warning each counting the rows: tab-separated leftovers at the end of a last `descr` column
/// shift nothing and are dropped; a `short` title that swallowed the description (one tab
/// between them) while the `descr` column after it, the last, holds only a leftover flag (empty,
/// `0` or `1`) is split at the tab, which gives each column one value (unvotes' rows of rcid 610
/// and 614).
///
/// # Errors
///
/// Each error names the file and line: malformed CSV (broken quoting shows as a wrong number of
/// fields), a repeated rcid, a bad rcid; unless `lenient` (when the error becomes one of the
/// `warnings` and the field is left empty), a bad session, date or flag, and any other field
/// holding a tab, where fields ran together in a way that cannot be undone for sure (under
/// `lenient` a title holding a tab is split at its first tab into title and description).
///
/// # Complexity
///
/// O(rows).
pub(crate) fn read_roll_calls(
    path: &Path,
    lenient: bool,
    warnings: &mut Vec<String>,
) -> Result<RollCallTable, IngestError> {
    let mut reader = csv_reader(path, source::open(path)?);
    let header = Header::read(path, &mut reader)?;
    let columns = RollCallColumns::find(&header)?;
    let mut table = RollCallTable::default();
    // The line of each roll call, by position in the table (for the error on a repeated rcid).
    let mut lines: Vec<usize> = Vec::new();
    // Positions of the paragraph and amendment votes.
    let mut separate: Vec<usize> = Vec::new();
    let mut mended = Mended::default();
    each_row(path, &mut reader, |row| {
        let rcid: u64 = row.parse(columns.rcid, "a roll-call id (a whole number)")?;
        if let Some(&first) = table.by_rcid.get(&rcid) {
            return Err(row.error(
                columns.rcid,
                &format!(
                    "a roll-call id not listed before (rcid {rcid} is on line {})",
                    lines[first]
                ),
                row.field(columns.rcid),
            ));
        }
        let mut read = RollCallRow {
            row,
            columns: &columns,
            lenient,
            warnings: &mut *warnings,
        };
        let (motion, is_separate) = read.motion(rcid, &mut mended)?;
        if is_separate {
            separate.push(table.motions.len());
        }
        table.by_rcid.insert(rcid, table.motions.len());
        table.motions.push(motion);
        lines.push(row.line);
        Ok(())
    })?;
    mended.warn(path, warnings);
    link_parts_to_wholes(&mut table.motions, &separate);
    table
        .motions
        .iter_mut()
        .for_each(super::un_symbol::name_resolution);
    Ok(table)
}

/// The columns of a roll-call table: only `rcid` is required.
struct RollCallColumns {
    rcid: usize,
    session: Option<usize>,
    date: Option<usize>,
    unres: Option<usize>,
    important: Option<usize>,
    amend: Option<usize>,
    para: Option<usize>,
    short: Option<usize>,
    descr: Option<usize>,
    /// Voeten's issue flags present, with their codes.
    flags: Vec<(usize, &'static str)>,
}

impl RollCallColumns {
    /// The columns' positions in `header`; a missing `rcid` is an error.
    fn find(header: &Header) -> Result<RollCallColumns, IngestError> {
        Ok(RollCallColumns {
            rcid: header.require("rcid")?,
            session: header.find("session"),
            date: header.find("date"),
            unres: header.find("unres"),
            important: header.find("importantvote"),
            amend: header.find("amend"),
            para: header.find("para"),
            short: header.find("short"),
            descr: header.find("descr"),
            flags: ISSUE_FLAGS
                .iter()
                .filter_map(|&code| header.find(code).map(|c| (c, code)))
                .collect(),
        })
    }
}

/// One row of a roll-call table being read into a motion.
struct RollCallRow<'r, 'c> {
    row: &'r Row<'r>,
    columns: &'c RollCallColumns,
    lenient: bool,
    /// Where the fields ignored under `lenient` are reported.
    warnings: &'c mut Vec<String>,
}

impl<'r> RollCallRow<'r, '_> {
    /// The motion of the row's roll call `rcid`, and whether it is a paragraph or amendment
    /// vote; `mended` records the rows whose broken quoting is mended.
    fn motion(&mut self, rcid: u64, mended: &mut Mended) -> Result<(Motion, bool), IngestError> {
        let (row, columns) = (self.row, self.columns);
        let id = rcid.to_string();
        let mut motion = Motion::new(id.clone());
        let is_important = self.flag(columns.important)?;
        let is_amendment = self.flag(columns.amend)?;
        let is_paragraph = self.flag(columns.para)?;
        let mut issues = Vec::new();
        for &(column, code) in &columns.flags {
            if self.flag(Some(column))? {
                issues.push(code.to_string());
            }
        }
        if let Some(column) = columns.session
            && !row.field(column).is_empty()
        {
            motion.session = self.tolerate(row.parse(column, "a session number"))?;
        }
        if let Some(column) = columns.date
            && let Some(text) = row.optional(Some(column))
        {
            let parsed = iso_date(text)
                .ok_or_else(|| row.error(column, "a date (YYYY-MM-DD or M/D/YYYY)", text));
            motion.date = self.tolerate(parsed)?;
        }
        motion.document = row.optional(columns.unres).map(str::to_string);
        motion.important = is_important;
        motion.issues = issues;
        let (title, description) = self.title_and_description(mended)?;
        motion.title = title
            .or(Some(description).filter(|d| !d.is_empty()))
            .map(str::to_string);
        motion.part = if is_amendment {
            Part::Amendment(
                motion
                    .document
                    .as_ref()
                    .map_or_else(|| format!("rcid {id}"), |doc| format!("to {doc}")),
            )
        } else if is_paragraph {
            paragraph_named(description).unwrap_or(Part::Other)
        } else if columns.amend.is_some() && columns.para.is_some() && motion.document.is_some() {
            Part::Whole
        } else {
            Part::Other
        };
        Ok((motion, is_amendment || is_paragraph))
    }

    /// The row's title (`short`) and description (`descr`, empty when absent), mended where
    /// broken quoting ran fields together.
    fn title_and_description(
        &mut self,
        mended: &mut Mended,
    ) -> Result<(Option<&'r str>, &'r str), IngestError> {
        let (row, descr) = (self.row, self.columns.descr);
        let mut title = row.optional(self.columns.short);
        let mut description = row.optional(descr).unwrap_or("");
        // Quotes escaped with backslashes (`\"`) instead of doubled make a quoted field swallow
        // the tab-separated next one while the row keeps its number of fields: the columns
        // after it are shifted. A tab inside a field is the tell-tale.
        let tab = row.column_containing('\t');
        let last = Some(row.len() - 1);
        if tab.is_some() && tab == descr && descr == last {
            // The quote that opened the last field swallowed tab-separated leftovers of the
            // source row: nothing after it is shifted, so only the leftovers are dropped.
            mended.leftovers += 1;
            description = description.split('\t').next().unwrap_or("").trim();
        } else if let Some(column) = tab {
            // The title swallowed the description: unambiguous when the title holds one tab with
            // text on both sides and the last column, `descr`, right after it holds no text of
            // its own but a leftover flag, so that the split gives every column one value.
            let split = title.and_then(|merged| merged.split_once('\t'));
            let unambiguous = tab == self.columns.short
                && descr == tab.map(|t| t + 1)
                && descr == last
                && matches!(description, "" | "0" | "1")
                && split.is_some_and(|(before, after)| {
                    !before.trim().is_empty() && !after.trim().is_empty() && !after.contains('\t')
                });
            if unambiguous {
                mended.split.push(row.line);
            } else {
                let err = row.error(
                    column,
                    "a field without a tab (this row's quoting is broken: a quote escaped with \
                     a backslash runs two fields together; --lenient splits them at the tab)",
                    row.field(column),
                );
                self.tolerate::<()>(Err(err))?;
            }
            if let Some((before, after)) = split {
                title = Some(before.trim());
                description = after.trim();
            }
        }
        Ok((title, description))
    }

    /// The flag in `column` (false when absent or empty; under `lenient`, when bad).
    fn flag(&mut self, column: Option<usize>) -> Result<bool, IngestError> {
        self.tolerate(self.row.flag(column))
            .map(|f| f.flatten() == Some(true))
    }

    /// [`tolerate`] with this row's leniency and warnings.
    fn tolerate<T>(&mut self, result: Result<T, IngestError>) -> Result<Option<T>, IngestError> {
        tolerate(result, self.lenient, self.warnings)
    }
}

/// The rows of a roll-call table whose broken quoting was mended.
#[derive(Debug, Default)]
struct Mended {
    /// Rows whose last field swallowed tab-separated leftovers.
    leftovers: usize,
    /// Lines of the rows whose title swallowed the description, split at the tab.
    split: Vec<usize>,
}

impl Mended {
    /// One warning for each kind of mended row, counting them (and naming the first lines of
    /// the split ones).
    fn warn(&self, path: &Path, warnings: &mut Vec<String>) {
        if self.leftovers > 0 {
            warnings.push(format!(
                "{}: {} row(s) end with tab-separated leftovers inside the last field \
                 (broken quoting); the leftovers are ignored",
                path.display(),
                self.leftovers
            ));
        }
        if !self.split.is_empty() {
            const SHOWN: usize = 5;
            let mut lines: Vec<String> = self
                .split
                .iter()
                .take(SHOWN)
                .map(usize::to_string)
                .collect();
            if self.split.len() > SHOWN {
                lines.push("…".to_string());
            }
            warnings.push(format!(
                "{}: {} row(s) ({} {}) hold a title and a description run together by a quote \
                 escaped with a backslash: split at the tab, the leftover flag after them ignored",
                path.display(),
                self.split.len(),
                if self.split.len() == 1 {
                    "line"
                } else {
                    "lines"
                },
                lines.join(", ")
            ));
        }
    }
}

/// A side-table field's value, or under `lenient` nothing and a warning instead of its error.
fn tolerate<T>(
    result: Result<T, IngestError>,
    lenient: bool,
    warnings: &mut Vec<String>,
) -> Result<Option<T>, IngestError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(err) if lenient => {
            warnings.push(format!("{err} (ignored under --lenient)"));
            Ok(None)
        }
        Err(err) => Err(err),
    }
}

/// Sets [`Motion::whole`] of the paragraph and amendment votes (`separate`) when exactly one
/// roll call on the whole text has the same document.
fn link_parts_to_wholes(motions: &mut [Motion], separate: &[usize]) {
    // Document → the only roll call on its whole text (`None` once a second one is met).
    let mut wholes: FxHashMap<&str, Option<usize>> = FxHashMap::default();
    for (index, motion) in motions.iter().enumerate() {
        if motion.part == Part::Whole
            && let Some(doc) = &motion.document
        {
            wholes
                .entry(doc)
                .and_modify(|only| *only = None)
                .or_insert(Some(index));
        }
    }
    let links: Vec<(usize, String)> = separate
        .iter()
        .filter_map(|&part| {
            let doc = motions[part].document.as_deref()?;
            let whole = (*wholes.get(doc)?)?;
            Some((part, motions[whole].id.clone()))
        })
        .collect();
    for (part, whole) in links {
        motions[part].whole = Some(whole);
    }
}

/// The paragraph a roll-call description names, when it names exactly one preambular or
/// operative paragraph ("TO ADOPT 3RD PREAMBULAR PARAGRAPH …", "… OPERATIVE PARAGRAPH 2 …").
fn paragraph_named(description: &str) -> Option<Part> {
    let words: Vec<&str> = description
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let ordinal = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        ["ST", "ND", "RD", "TH"]
            .iter()
            .any(|s| suffix.eq_ignore_ascii_case(s))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
    };
    let is = |word: Option<&&str>, expected: &str| {
        word.is_some_and(|w| w.eq_ignore_ascii_case(expected))
    };
    let mut found: Vec<Part> = Vec::new();
    for i in 0..words.len() {
        let kind = if is(words.get(i), "PREAMBULAR") {
            Part::Preambular as fn(u32) -> Part
        } else if is(words.get(i), "OPERATIVE") {
            Part::Operative as fn(u32) -> Part
        } else {
            continue;
        };
        if !is(words.get(i + 1), "PARAGRAPH") {
            continue;
        }
        let before = i.checked_sub(1).and_then(|j| ordinal(words[j]));
        let after = words.get(i + 2).and_then(|w| w.parse::<u32>().ok());
        if let Some(n) = before.or(after) {
            found.push(kind(n));
        }
    }
    found.dedup();
    match found.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    }
}

/// Reads unvotes `un_roll_call_issues.csv` (`rcid,short_name,issue`): issue codes by rcid.
///
/// # Errors
///
/// A missing column, a bad rcid, an empty code, malformed CSV.
///
/// # Complexity
///
/// O(rows).
pub(crate) fn read_issues(path: &Path) -> Result<FxHashMap<u64, Vec<String>>, IngestError> {
    let mut reader = csv_reader(path, source::open(path)?);
    let header = Header::read(path, &mut reader)?;
    let rcid_column = header.require("rcid")?;
    let code_column = header.require("short_name")?;
    let mut issues: FxHashMap<u64, Vec<String>> = FxHashMap::default();
    each_row(path, &mut reader, |row| {
        let rcid: u64 = row.parse(rcid_column, "a roll-call id (a whole number)")?;
        let code = row.field(code_column);
        if code.is_empty() {
            return Err(row.error(code_column, "an issue code (me, nu, di, hr, co, ec)", code));
        }
        issues.entry(rcid).or_default().push(code.to_string());
        Ok(())
    })?;
    Ok(issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp_file(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file
    }

    #[test]
    fn voeten_roll_call_tables_give_dates_and_issue_flags() {
        let roll_calls = temp_file(
            "rcid,session,year,date,unres,importantvote,me,nu,di,hr,co,ec\n\
             3,1,1946,1/1/1946,R/1/66,0,1,0,0,0,0,0\n\
             4592,59,2004,,,,,,,,,\n",
        );
        let mut warnings = Vec::new();
        let motions = read_roll_calls(roll_calls.path(), false, &mut warnings).unwrap();
        assert_eq!(motions.get(3).unwrap().date.as_deref(), Some("1946-01-01"));
        assert_eq!(motions.get(3).unwrap().issues, vec!["me"]);
        assert_eq!(motions.get(3).unwrap().part, Part::Other);
        assert_eq!(motions.get(4592).unwrap().date, None);
    }

    #[test]
    fn lenient_reads_skip_bad_side_table_fields_with_a_warning() {
        // Row 1429 of Voeten's roll_calls.csv, as published.
        let text = "rcid,session,year,date,unres,importantvote,me,nu,di,hr,co,ec\n\
                    1429,28,1973,12/1/1973,R/28/3181D,0,0,0,0,0,0,\"0\\\"\"\"\n";
        let roll_calls = temp_file(text);
        let mut warnings = Vec::new();
        let err = read_roll_calls(roll_calls.path(), false, &mut warnings)
            .unwrap_err()
            .to_string();
        assert!(err.contains(":2:12: expected a flag (0 or 1)"), "{err}");
        let motions = read_roll_calls(roll_calls.path(), true, &mut warnings).unwrap();
        assert_eq!(
            motions.get(1429).unwrap().date.as_deref(),
            Some("1973-12-01")
        );
        assert!(motions.get(1429).unwrap().issues.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("--lenient"), "{warnings:?}");
    }

    /// Row 610 of unvotes' un_roll_calls.csv, as published: the title swallowed the
    /// description, and the `descr` column holds a leftover `0`.
    const ROW_610: &str = "610,14,0,1959-12-02,R/14/746B,0,1,\"ALGERIA, \\POURPARLERS\\\\\"\"\t\
                           TO ADOPT 3RD PREAMBULAR PARAGRAPH OF PAKISTAN DRAFT.\\\"\"\"\"\",0\n";
    const UNVOTES_HEADER: &str = "rcid,session,importantvote,date,unres,amend,para,short,descr\n";

    #[test]
    fn a_title_that_swallowed_its_description_is_split_by_default_with_one_warning() {
        let text = format!(
            "{UNVOTES_HEADER}{ROW_610}{}",
            ROW_610.replace("610,", "614,")
        );
        let roll_calls = temp_file(&text);
        for lenient in [false, true] {
            let mut warnings = Vec::new();
            let motions = read_roll_calls(roll_calls.path(), lenient, &mut warnings).unwrap();
            for rcid in [610, 614] {
                let motion = motions.get(rcid).unwrap();
                assert_eq!(motion.part, Part::Preambular(3));
                assert_eq!(
                    motion.title.as_deref(),
                    Some("ALGERIA, \\POURPARLERS\\\\\"")
                );
            }
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert!(
                warnings[0].contains(": 2 row(s) (lines 2, 3) hold a title and a description"),
                "{warnings:?}"
            );
        }
    }

    #[test]
    fn fields_run_together_ambiguously_are_errors_or_split_when_lenient() {
        // The `descr` column after the title holds text of its own (which description?), or
        // the title holds two tabs (where does it end?).
        let own_text = ROW_610.replace(",0\n", ",\"ANOTHER DESCRIPTION\"\n");
        let two_tabs = ROW_610.replace("TO ADOPT", "TO\tADOPT");
        for row in [own_text, two_tabs] {
            let roll_calls = temp_file(&format!("{UNVOTES_HEADER}{row}"));
            let mut warnings = Vec::new();
            let err = read_roll_calls(roll_calls.path(), false, &mut warnings)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(":2:8: expected a field without a tab"),
                "{err}"
            );
            let motions = read_roll_calls(roll_calls.path(), true, &mut warnings).unwrap();
            assert_eq!(
                motions.get(610).unwrap().title.as_deref(),
                Some("ALGERIA, \\POURPARLERS\\\\\"")
            );
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert!(warnings[0].contains(":2:8: "), "{warnings:?}");
        }
    }

    #[test]
    fn leftovers_in_the_last_description_are_dropped_with_a_warning() {
        // Row 7 of unvotes' un_roll_calls.csv, as published (shortened).
        let text = "rcid,session,importantvote,date,unres,amend,para,short,descr\n\
                    7,1,0,1946-01-02,R/1/295,1,0,GENERAL ASSEMBLY ELECTIONS,\"TO ADOPT A 6TH \
                    COMMITTEE AMENDMENT (A/14).\\\\\"\"\t0\t0\t0\t0\t0\t0\"\n";
        let roll_calls = temp_file(text);
        let mut warnings = Vec::new();
        let motions = read_roll_calls(roll_calls.path(), false, &mut warnings).unwrap();
        assert_eq!(
            motions.get(7).unwrap().title.as_deref(),
            Some("GENERAL ASSEMBLY ELECTIONS")
        );
        assert_eq!(
            motions.get(7).unwrap().part,
            Part::Amendment("to A/RES/295 (I)".into())
        );
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("1 row(s)"), "{warnings:?}");
    }

    #[test]
    fn paragraphs_are_read_from_descriptions() {
        assert_eq!(
            paragraph_named("TO ADOPT OPERATIVE PARAGRAPH 2 OF THE PAKISTAN DRAFT"),
            Some(Part::Operative(2))
        );
        assert_eq!(
            paragraph_named("TO ADOPT 3RD PREAMBULAR PARAGRAPH OF PAKISTAN DRAFT"),
            Some(Part::Preambular(3))
        );
        assert_eq!(
            paragraph_named("TO RETAIN OPERATIVE PARAGRAPH 2 AND OPERATIVE PARAGRAPH 3"),
            None
        );
        assert_eq!(paragraph_named("TO ADOPT PARAGRAPHS 4, 5 AND 6"), None);
    }
}
