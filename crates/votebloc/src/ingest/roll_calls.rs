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
/// Tab-separated leftovers at the end of a last `descr` column shift nothing: they are dropped,
/// with one warning counting the rows.
///
/// # Errors
///
/// Each error names the file and line: malformed CSV (broken quoting shows as a wrong number of
/// fields), a repeated rcid, a bad rcid; unless `lenient` (when the error becomes one of the
/// `warnings` and the field is left empty), a bad session, date or flag, and a field holding a tab,
/// the mark of quotes escaped with backslashes that ran two fields together (under `lenient` a
/// title holding a tab is split into title and description).
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
    let rcid_column = header.require("rcid")?;
    let session = header.find("session");
    let date = header.find("date");
    let unres = header.find("unres");
    let important = header.find("importantvote");
    let amend = header.find("amend");
    let para = header.find("para");
    let short = header.find("short");
    let descr = header.find("descr");
    let flags: Vec<(usize, &str)> = ISSUE_FLAGS
        .iter()
        .filter_map(|&code| header.find(code).map(|c| (c, code)))
        .collect();

    let mut table = RollCallTable::default();
    // The line of each roll call, by position in the table (for the error on a repeated rcid).
    let mut lines: Vec<usize> = Vec::new();
    // Positions of the paragraph and amendment votes.
    let mut separate: Vec<usize> = Vec::new();
    let mut leftovers = 0usize;
    each_row(path, &mut reader, |row| {
        let rcid: u64 = row.parse(rcid_column, "a roll-call id (a whole number)")?;
        if let Some(&first) = table.by_rcid.get(&rcid) {
            return Err(row.error(
                rcid_column,
                &format!(
                    "a roll-call id not listed before (rcid {rcid} is on line {})",
                    lines[first]
                ),
                row.field(rcid_column),
            ));
        }
        let id = rcid.to_string();
        let mut motion = Motion::new(id.clone());
        let mut flag = |column: Option<usize>| {
            tolerate(row.flag(column), lenient, warnings).map(|f| f.flatten() == Some(true))
        };
        let is_important = flag(important)?;
        let is_amendment = flag(amend)?;
        let is_paragraph = flag(para)?;
        let mut issues = Vec::new();
        for &(column, code) in &flags {
            if flag(Some(column))? {
                issues.push(code.to_string());
            }
        }
        if let Some(column) = session
            && !row.field(column).is_empty()
        {
            motion.session = tolerate(row.parse(column, "a session number"), lenient, warnings)?;
        }
        if let Some(column) = date
            && let Some(text) = row.optional(Some(column))
        {
            let parsed = iso_date(text)
                .ok_or_else(|| row.error(column, "a date (YYYY-MM-DD or M/D/YYYY)", text));
            motion.date = tolerate(parsed, lenient, warnings)?;
        }
        motion.document = row.optional(unres).map(str::to_string);
        motion.important = is_important;
        motion.issues = issues;
        let mut title = row.optional(short);
        let mut description = row.optional(descr).unwrap_or("");
        // Quotes escaped with backslashes (`\"`) instead of doubled make a quoted field swallow
        // the tab-separated next one while the row keeps its number of fields: the columns
        // after it are shifted. A tab inside a field is the tell-tale.
        let tab = row.column_containing('\t');
        if tab.is_some() && tab == descr && descr == Some(row.len() - 1) {
            // The quote that opened the last field swallowed tab-separated leftovers of the
            // source row: nothing after it is shifted, so only the leftovers are dropped.
            leftovers += 1;
            description = description.split('\t').next().unwrap_or("").trim();
        } else if let Some(column) = tab {
            let err = row.error(
                column,
                "a field without a tab (this row's quoting is broken: a quote escaped with a \
                 backslash runs two fields together; --lenient splits them at the tab)",
                row.field(column),
            );
            tolerate::<()>(Err(err), lenient, warnings)?;
            if let Some(merged) = title
                && let Some((before, after)) = merged.split_once('\t')
            {
                title = Some(before.trim());
                description = after.trim();
            }
        }
        motion.title = title
            .or(Some(description).filter(|d| !d.is_empty()))
            .map(str::to_string);
        if is_amendment || is_paragraph {
            separate.push(table.motions.len());
        }
        motion.part = if is_amendment {
            Part::Amendment(
                motion
                    .document
                    .as_ref()
                    .map_or_else(|| format!("rcid {id}"), |doc| format!("to {doc}")),
            )
        } else if is_paragraph {
            paragraph_named(description).unwrap_or(Part::Other)
        } else if amend.is_some() && para.is_some() && motion.document.is_some() {
            Part::Whole
        } else {
            Part::Other
        };
        table.by_rcid.insert(rcid, table.motions.len());
        table.motions.push(motion);
        lines.push(row.line);
        Ok(())
    })?;
    if leftovers > 0 {
        warnings.push(format!(
            "{}: {leftovers} row(s) end with tab-separated leftovers inside the last field \
             (broken quoting); the leftovers are ignored",
            path.display()
        ));
    }
    link_parts_to_wholes(&mut table.motions, &separate);
    table
        .motions
        .iter_mut()
        .for_each(super::un_symbol::name_resolution);
    Ok(table)
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

    #[test]
    fn rows_run_together_by_broken_quoting_are_errors_or_split_when_lenient() {
        // Row 610 of unvotes' un_roll_calls.csv, as published.
        let text = "rcid,session,importantvote,date,unres,amend,para,short,descr\n\
                    610,14,0,1959-12-02,R/14/746B,0,1,\"ALGERIA, \\POURPARLERS\\\\\"\"\t\
                    TO ADOPT 3RD PREAMBULAR PARAGRAPH OF PAKISTAN DRAFT.\\\"\"\"\"\",0\n";
        let roll_calls = temp_file(text);
        let mut warnings = Vec::new();
        let err = read_roll_calls(roll_calls.path(), false, &mut warnings)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(":2:8: expected a field without a tab"),
            "{err}"
        );
        let motions = read_roll_calls(roll_calls.path(), true, &mut warnings).unwrap();
        assert_eq!(motions.get(610).unwrap().part, Part::Preambular(3));
        assert_eq!(
            motions.get(610).unwrap().title.as_deref(),
            Some("ALGERIA, \\POURPARLERS\\\\\"")
        );
        assert_eq!(warnings.len(), 1);
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
