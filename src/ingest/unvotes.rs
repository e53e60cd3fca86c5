//! Reader for the unvotes data set (the R package `unvotes`, Voeten's UN General Assembly votes
//! 1946–2019): `un_votes.csv` with the header `rcid,country,country_code,vote`, and optionally
//! the roll-call table `un_roll_calls.csv` and the issue table `un_roll_call_issues.csv`.
//!
//! Members are coded with the registry's alpha-3 codes ([`crate::countries`]): `country_code` is
//! ISO 3166-1 alpha-2 (historical codes included: `CS` Czechoslovakia, `DD` the German
//! Democratic Republic, `YD` Democratic Yemen, `YU` Yugoslavia, `TW` the China seat before 1971);
//! rows with an empty code (the Federal Republic of Germany, the Yemen Arab Republic, Zanzibar)
//! are placed by name, and a name that names another state than the code is an error. The data
//! set codes the Soviet and Russian seat `RU` and the Yugoslav and Serbian seat `YU` throughout:
//! when the roll-call table gives the vote's date, the vote goes to the state that held the seat
//! that day (`SUN` before 1991-12-24, then `RUS`; `YUG`, `SCG` from 2000-11-01, `SRB` from
//! 2006-06-03: [`seat_holder`]); without dates they stay one member each (`RUS`, `YUG`).
//! The package dropped absences and non-members, so the votes are yes, no and abstain only.
//!
//! Roll calls (`--roll-calls`) give each motion its date, session, document (`unres`), title
//! (`short`), the important-vote flag and its part: `amend = 1` is an amendment, `para = 1` a
//! separate vote on paragraphs (numbered when the description names one preambular or operative
//! paragraph, [`Part::Other`] otherwise), anything else with a document is the text as a whole.
//! A paragraph or amendment vote is linked to the vote on the whole when exactly one roll call
//! on the whole text has the same document. Issues (`--issues`) fill [`Motion::issues`] with
//! the short codes `me`, `nu`, `di`, `hr`, `co`, `ec`.
//!
//! The helpers for CSV headers, rows and the roll-call and issue tables live here and are shared
//! with the other data-set readers ([`super::voeten`], [`super::undl`], [`super::voteview`]).

use super::{IngestError, IngestOptions, source};
use crate::model::countries::{self, Country};
use crate::model::{Dataset, DatasetBuilder, Member, Motion, Part, Vote};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Reads a unvotes `un_votes.csv` (plain or gzip-compressed: `input` is already decompressed),
/// joining the roll-call and issue tables named in `options`.
///
/// Takes the path (for messages), the input and the options; returns the validated dataset.
/// Cost: O(rows) time streaming the input record by record, memory proportional to the votes
/// plus the roll-call table. Order: the dataset's canonical order (members by code, motions by
/// rcid as a number), whatever the order of the rows.
///
/// Errors name the file and line: a missing column, an rcid that is not a number, an unknown
/// country code or name (with the closest known names), a code and a name naming two states,
/// a vote other than yes/no/abstain, conflicting duplicate votes, and malformed side tables.
///
/// ```
/// use std::path::Path;
/// use votebloc::ingest::{IngestOptions, unvotes};
/// let csv = "rcid,country,country_code,vote\n3,United States,US,yes\n3,Zanzibar,,no\n";
/// let data = unvotes::read(Path::new("v.csv"), csv.as_bytes(), &IngestOptions::default())?;
/// assert_eq!(data.members[0].code, "USA");
/// assert_eq!(data.members[1].code, "ZAN");
/// # Ok::<(), votebloc::ingest::IngestError>(())
/// ```
pub fn read(
    path: &Path,
    input: impl Read,
    options: &IngestOptions,
) -> Result<Dataset, IngestError> {
    let mut side = SideTables::read(options)?;
    let mut reader = csv_reader(input);
    let header = Header::read(path, &mut reader)?;
    let rcid_column = header.require("rcid")?;
    let name_column = header.require("country")?;
    let code_column = header.require("country_code")?;
    let vote_column = header.require("vote")?;

    let mut builder = DatasetBuilder::new(path);
    let mut states = StateCache::default();
    each_row(path, &mut reader, |row| {
        builder.stats.rows += 1;
        let motion = side.motion(&mut builder, row, rcid_column)?;
        let country = seat_holder(
            &builder,
            motion,
            states.resolve(row, name_column, code_column)?,
        );
        let member = states.member(&mut builder, country);
        let text = row.field(vote_column);
        let vote = match Vote::parse(text) {
            Some(vote @ (Vote::Yes | Vote::No | Vote::Abstain)) => vote,
            _ => return Err(row.error(vote_column, "a vote (yes, no or abstain)", text)),
        };
        builder.push(motion, member, vote, None, row.line_u32())?;
        Ok(())
    })?;
    finish(path, builder, &side)
}

/// Closes a data-set read: reports roll calls missing from the side table as a warning and
/// validates the dataset. Shared by the readers that join roll-call tables.
pub(crate) fn finish(
    path: &Path,
    mut builder: DatasetBuilder,
    side: &SideTables,
) -> Result<Dataset, IngestError> {
    if builder.is_empty() {
        return Err(IngestError::NoVotes {
            path: path.to_path_buf(),
            detail: "the CSV has a header but no rows".to_string(),
        });
    }
    builder.stats.warnings.extend(side.warnings.iter().cloned());
    if side.missing > 0
        && let Some(table) = &side.roll_calls_path
    {
        builder.stats.warnings.push(format!(
            "{}: {} roll call(s) are not in {} (kept without date or document)",
            path.display(),
            side.missing,
            table.display()
        ));
    }
    Ok(builder.finish()?)
}

/// Resolves states once per distinct (code, name) pair: the input repeats a handful of pairs
/// hundreds of thousands of times.
#[derive(Default)]
struct StateCache {
    /// Country code → the names met with it and the state they resolved to.
    by_code: FxHashMap<String, Vec<(String, &'static Country)>>,
    members: FxHashMap<&'static str, u32>,
}

impl StateCache {
    fn resolve(
        &mut self,
        row: &Row<'_>,
        name_column: usize,
        code_column: usize,
    ) -> Result<&'static Country, IngestError> {
        let code = row.field(code_column);
        let name = row.field(name_column);
        if let Some(known) = self.by_code.get(code)
            && let Some((_, country)) = known.iter().find(|(n, _)| n == name)
        {
            return Ok(country);
        }
        let country = resolve_state(row, name_column, code_column)?;
        self.by_code
            .entry(code.to_string())
            .or_default()
            .push((name.to_string(), country));
        Ok(country)
    }

    fn member(&mut self, builder: &mut DatasetBuilder, country: &'static Country) -> u32 {
        *self
            .members
            .entry(country.alpha3)
            .or_insert_with(|| builder.member(Member::new(country.alpha3, country.name_en)))
    }
}

/// Seats that the datasets code with one country code across a change of holder: the USSR's
/// seat (taken by the Russian Federation on 1991-12-24) and Yugoslavia's (the Federal Republic
/// of Yugoslavia from 2000-11-01, Serbia and Montenegro, Serbia from 2006-06-03). The China seat
/// is not among them: both unvotes and Voeten code the Republic of China apart (TW, COW 713).
const SHARED_SEAT_CODES: [&str; 2] = ["RUS", "YUG"];

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

/// The state of a row from its alpha-2 code, or from its name when the code is empty.
fn resolve_state(
    row: &Row<'_>,
    name_column: usize,
    code_column: usize,
) -> Result<&'static Country, IngestError> {
    let code = row.field(code_column);
    let name = row.field(name_column);
    let by_name = countries::lookup(name);
    if code.is_empty() {
        return by_name.ok_or_else(|| row.unknown("state name", name));
    }
    let Some(country) = countries::by_alpha2(code) else {
        let suggestions = by_name
            .and_then(|c| c.alpha2.map(|a2| format!("{a2} ({})", c.name_en)))
            .into_iter()
            .collect();
        return Err(IngestError::UnknownMember {
            path: row.path.to_path_buf(),
            line: row.line,
            what: "country code (ISO 3166-1 alpha-2)".to_string(),
            name: code.to_string(),
            suggestions,
        });
    };
    match by_name {
        Some(other) if other.alpha3 != country.alpha3 => Err(row.error(
            name_column,
            &format!(
                "the state of country code {code} ({}), not {}",
                country.name_en, other.name_en
            ),
            name,
        )),
        _ => Ok(country),
    }
}

// ---------------------------------------------------------------------------------------------
// Shared CSV helpers.

/// A CSV reader for the data sets: header row, strict field counts, fields trimmed.
pub(crate) fn csv_reader<R: Read>(input: R) -> csv::Reader<R> {
    // No `Trim::All`: it rebuilds every record; `Row::field` trims the fields actually read.
    csv::ReaderBuilder::new().flexible(false).from_reader(input)
}

/// The header of a CSV: column names folded to lower case, a byte-order mark removed.
pub(crate) struct Header {
    path: PathBuf,
    names: Vec<String>,
}

impl Header {
    /// Reads the header row of `reader`. Errors: malformed CSV or not UTF-8, with the line.
    pub(crate) fn read<R: Read>(
        path: &Path,
        reader: &mut csv::Reader<R>,
    ) -> Result<Header, IngestError> {
        let names = reader
            .headers()
            .map_err(|e| IngestError::from_csv(path, e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
            .collect();
        Ok(Header {
            path: path.to_path_buf(),
            names,
        })
    }

    /// Position of a column, if present.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Position of a required column; its absence is an error naming the header.
    pub(crate) fn require(&self, name: &str) -> Result<usize, IngestError> {
        self.find(name).ok_or_else(|| IngestError::MissingColumn {
            path: self.path.clone(),
            line: 1,
            column: name.to_string(),
            header: self.names.join(","),
        })
    }
}

/// One data row being read, with what error messages need.
pub(crate) struct Row<'a> {
    pub(crate) path: &'a Path,
    /// 1-based line the record starts on.
    pub(crate) line: usize,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The (trimmed) field in `column`; empty when the column is absent.
    pub(crate) fn field(&self, column: usize) -> &str {
        self.record.get(column).unwrap_or("").trim()
    }

    /// The field of an optional column, `None` when the column is absent or the field empty.
    pub(crate) fn optional(&self, column: Option<usize>) -> Option<&str> {
        column.map(|c| self.field(c)).filter(|f| !f.is_empty())
    }

    /// Number of fields of the row.
    pub(crate) fn len(&self) -> usize {
        self.record.len()
    }

    /// The first column whose field contains `needle`.
    pub(crate) fn column_containing(&self, needle: char) -> Option<usize> {
        self.record.iter().position(|f| f.contains(needle))
    }

    /// The line as stored in vote records.
    pub(crate) fn line_u32(&self) -> u32 {
        u32::try_from(self.line).unwrap_or(u32::MAX)
    }

    /// A parse error at `column` (0-based) of this row.
    pub(crate) fn error(&self, column: usize, expected: &str, found: &str) -> IngestError {
        IngestError::Parse {
            path: self.path.to_path_buf(),
            line: self.line,
            column: column + 1,
            expected: expected.to_string(),
            found: format!("{found:?}"),
        }
    }

    /// An unknown member error for this row, with the closest known state names.
    pub(crate) fn unknown(&self, what: &str, name: &str) -> IngestError {
        IngestError::UnknownMember {
            path: self.path.to_path_buf(),
            line: self.line,
            what: what.to_string(),
            name: name.to_string(),
            suggestions: countries::suggest(name, 3)
                .into_iter()
                .map(str::to_string)
                .collect(),
        }
    }

    /// Parses the field in `column`, or fails naming what was `expected`.
    pub(crate) fn parse<T: FromStr>(
        &self,
        column: usize,
        expected: &str,
    ) -> Result<T, IngestError> {
        let text = self.field(column);
        text.parse().map_err(|_| self.error(column, expected, text))
    }

    /// A 0/1 flag (also `0.0`/`1.0`, as some exports write them); `None` when empty.
    pub(crate) fn flag(&self, column: Option<usize>) -> Result<Option<bool>, IngestError> {
        let Some(column) = column else {
            return Ok(None);
        };
        match self.field(column) {
            "" | "NA" => Ok(None),
            "0" | "0.0" => Ok(Some(false)),
            "1" | "1.0" => Ok(Some(true)),
            other => Err(self.error(column, "a flag (0 or 1)", other)),
        }
    }
}

/// Calls `f` on every data row of `reader`, reusing one record buffer (the input is streamed,
/// never loaded whole). A CSV error (wrong number of fields, broken quoting, bad UTF-8) stops
/// the read with its line.
pub(crate) fn each_row<R: Read>(
    path: &Path,
    reader: &mut csv::Reader<R>,
    mut f: impl FnMut(&Row<'_>) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => return Err(IngestError::from_csv(path, e)),
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        f(&Row {
            path,
            line,
            record: &record,
        })?;
    }
}

/// A date as `YYYY-MM-DD` from `YYYY-MM-DD` or the `M/D/YYYY` of Voeten's tables; `None` when
/// the text is neither (or names no possible month and day).
pub(crate) fn iso_date(text: &str) -> Option<String> {
    let (year, month, day) = if let Some((m, rest)) = text.split_once('/') {
        let (d, y) = rest.split_once('/')?;
        (y, m, d)
    } else {
        let mut parts = text.splitn(3, '-');
        (parts.next()?, parts.next()?, parts.next()?)
    };
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(year, 4, 4) || !digits(month, 1, 2) || !digits(day, 1, 2) {
        return None;
    }
    let (m, d): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{year}-{m:02}-{d:02}"))
}

// ---------------------------------------------------------------------------------------------
// Roll-call and issue tables.

/// The side tables of a read (roll calls and issues by rcid) and the motions made from them.
pub(crate) struct SideTables {
    roll_calls: Option<HashMap<String, Motion>>,
    roll_calls_path: Option<PathBuf>,
    issues: HashMap<String, Vec<String>>,
    /// Roll calls of the votes that the roll-call table lacks.
    missing: usize,
    /// Side-table fields ignored under `--lenient`.
    warnings: Vec<String>,
    /// The roll-call id of the previous row and its motion index.
    last_motion: Option<(String, u32)>,
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
            None => HashMap::new(),
        };
        Ok(SideTables {
            roll_calls,
            roll_calls_path: options.roll_calls.clone(),
            issues,
            missing: 0,
            warnings,
            last_motion: None,
        })
    }

    /// The builder's index of the motion of this row's rcid, registering it (with what the
    /// side tables say about it) the first time. The rcid must be a whole number.
    pub(crate) fn motion(
        &mut self,
        builder: &mut DatasetBuilder,
        row: &Row<'_>,
        rcid_column: usize,
    ) -> Result<u32, IngestError> {
        let text = row.field(rcid_column);
        // Rows come grouped by roll call: the previous row's roll call is the usual answer.
        if let Some((last_text, index)) = &self.last_motion
            && last_text == text
        {
            return Ok(*index);
        }
        let index = self.lookup_motion(builder, row, rcid_column)?;
        self.last_motion = Some((text.to_string(), index));
        Ok(index)
    }

    fn lookup_motion(
        &mut self,
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
            Some(table) => match table.get(&id) {
                Some(known) => known.clone(),
                None => {
                    self.missing += 1;
                    Motion::new(id.clone())
                }
            },
            None => Motion::new(id.clone()),
        };
        if let Some(codes) = self.issues.get(&id) {
            motion.issues.extend(codes.iter().cloned());
            motion.issues.sort();
            motion.issues.dedup();
        }
        Ok(builder.motion(motion))
    }
}

/// Issue columns of Voeten's roll-call table (flags), in the order they are written.
const ISSUE_FLAGS: [&str; 6] = ["me", "nu", "di", "hr", "co", "ec"];

/// Reads a roll-call table, unvotes `un_roll_calls.csv`
/// (`rcid,session,importantvote,date,unres,amend,para,short,descr`) or Voeten's
/// `roll_calls.csv` (`rcid,session,year,date,unres,importantvote,me,nu,di,hr,co,ec`): only
/// `rcid` is required. Returns the motions by rcid. Cost: O(rows).
///
/// Errors name the file and line: malformed CSV (broken quoting shows as a wrong number of
/// fields), a repeated rcid, a bad rcid; unless `lenient` (when the error becomes one of the
/// `warnings` and the field is left empty), a bad session, date or flag, and a field holding a
/// tab, the mark of quotes escaped with backslashes that ran two fields together (under
/// `lenient` a title holding a tab is split into title and description). Tab-separated
/// leftovers at the end of a last `descr` column shift nothing: they are dropped, with one
/// warning counting the rows.
pub(crate) fn read_roll_calls(
    path: &Path,
    lenient: bool,
    warnings: &mut Vec<String>,
) -> Result<HashMap<String, Motion>, IngestError> {
    let mut reader = csv_reader(source::open(path)?);
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

    let mut motions: HashMap<String, Motion> = HashMap::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut separate: Vec<String> = Vec::new();
    let mut leftovers = 0usize;
    each_row(path, &mut reader, |row| {
        let rcid: u64 = row.parse(rcid_column, "a roll-call id (a whole number)")?;
        let id = rcid.to_string();
        if let Some(first) = first_line.get(&id) {
            return Err(row.error(
                rcid_column,
                &format!("a roll-call id not listed before (rcid {id} is on line {first})"),
                row.field(rcid_column),
            ));
        }
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
            separate.push(id.clone());
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
        first_line.insert(id.clone(), row.line);
        motions.insert(id, motion);
        Ok(())
    })?;
    if leftovers > 0 {
        warnings.push(format!(
            "{}: {leftovers} row(s) end with tab-separated leftovers inside the last field \
             (broken quoting); the leftovers are ignored",
            path.display()
        ));
    }
    link_parts_to_wholes(&mut motions, &separate);
    Ok(motions)
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
fn link_parts_to_wholes(motions: &mut HashMap<String, Motion>, separate: &[String]) {
    let mut wholes: HashMap<String, Vec<String>> = HashMap::new();
    for motion in motions.values() {
        if motion.part == Part::Whole
            && let Some(doc) = &motion.document
        {
            wholes
                .entry(doc.clone())
                .or_default()
                .push(motion.id.clone());
        }
    }
    for id in separate {
        if let Some(motion) = motions.get_mut(id)
            && let Some(doc) = &motion.document
            && let Some([whole]) = wholes.get(doc).map(Vec::as_slice)
        {
            motion.whole = Some(whole.clone());
        }
    }
}

/// The paragraph a roll-call description names, when it names exactly one preambular or
/// operative paragraph ("TO ADOPT 3RD PREAMBULAR PARAGRAPH …", "… OPERATIVE PARAGRAPH 2 …").
fn paragraph_named(description: &str) -> Option<Part> {
    let words: Vec<String> = description
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let ordinal = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        matches!(suffix, "ST" | "ND" | "RD" | "TH")
            .then(|| digits.parse::<u32>().ok())
            .flatten()
    };
    let mut found: Vec<Part> = Vec::new();
    for i in 0..words.len() {
        let kind = match words[i].as_str() {
            "PREAMBULAR" => Part::Preambular as fn(u32) -> Part,
            "OPERATIVE" => Part::Operative as fn(u32) -> Part,
            _ => continue,
        };
        if words.get(i + 1).map(String::as_str) != Some("PARAGRAPH") {
            continue;
        }
        let before = i.checked_sub(1).and_then(|j| ordinal(&words[j]));
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
/// Cost: O(rows). Errors: a missing column, a bad rcid, an empty code, malformed CSV.
pub(crate) fn read_issues(path: &Path) -> Result<HashMap<String, Vec<String>>, IngestError> {
    let mut reader = csv_reader(source::open(path)?);
    let header = Header::read(path, &mut reader)?;
    let rcid_column = header.require("rcid")?;
    let code_column = header.require("short_name")?;
    let mut issues: HashMap<String, Vec<String>> = HashMap::new();
    each_row(path, &mut reader, |row| {
        let rcid: u64 = row.parse(rcid_column, "a roll-call id (a whole number)")?;
        let code = row.field(code_column);
        if code.is_empty() {
            return Err(row.error(code_column, "an issue code (me, nu, di, hr, co, ec)", code));
        }
        issues
            .entry(rcid.to_string())
            .or_default()
            .push(code.to_string());
        Ok(())
    })?;
    Ok(issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn parse(text: &str) -> Result<Dataset, IngestError> {
        read(
            Path::new("v.csv"),
            text.as_bytes(),
            &IngestOptions::default(),
        )
    }

    #[test]
    fn codes_and_names_become_registry_members() {
        let data = parse(
            "rcid,country,country_code,vote\n\
             3,United States,US,yes\n\
             3,Yemen Arab Republic,,abstain\n\
             3,Russia,RU,no\n\
             4,Taiwan,TW,yes\n",
        )
        .unwrap();
        let codes: Vec<&str> = data.members.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, vec!["RUS", "TWN", "USA", "YEM"]);
        assert_eq!(data.members[0].name, "Russian Federation");
        let motion = data.motion_index("3").unwrap();
        assert_eq!(data.vote(motion, 3), Some(Vote::Abstain));
        assert_eq!(data.vote(motion, 0), Some(Vote::No));
        assert_eq!(data.stats.rows, 4);
    }

    #[test]
    fn unknown_name_lists_close_names() {
        let err = parse("rcid,country,country_code,vote\n3,Frnace,,yes\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("v.csv:2: unknown state name \"Frnace\""),
            "{err}"
        );
        assert!(err.contains("France"), "{err}");
    }

    #[test]
    fn unknown_code_and_mismatched_name_are_errors() {
        let err = parse("rcid,country,country_code,vote\n3,France,FR,yes\n4,France,QQ,no\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("v.csv:3: unknown country code"), "{err}");
        assert!(
            err.contains("\"QQ\"") && err.contains("FR (France)"),
            "{err}"
        );
        let err = parse("rcid,country,country_code,vote\n3,Canada,US,yes\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("v.csv:2:2:"), "{err}");
        assert!(err.contains("United States of America"), "{err}");
    }

    #[test]
    fn bad_vote_and_bad_rcid_name_line_and_column() {
        let err = parse("rcid,country,country_code,vote\n3,France,FR,maybe\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("v.csv:2:4:") && err.contains("\"maybe\""),
            "{err}"
        );
        let err = parse("rcid,country,country_code,vote\n3,France,FR,absent\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("v.csv:2:4:"), "{err}");
        let err = parse("rcid,country,country_code,vote\nx3,France,FR,yes\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("v.csv:2:1:") && err.contains("roll-call id"),
            "{err}"
        );
    }

    #[test]
    fn missing_column_is_reported_with_the_header() {
        let err = parse("rcid,country,vote\n3,France,yes\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing column \"country_code\""), "{err}");
        assert!(err.contains("rcid,country,vote"), "{err}");
    }

    fn temp_file(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file
    }

    #[test]
    fn roll_calls_and_issues_are_joined() {
        let roll_calls = temp_file(
            "rcid,session,importantvote,date,unres,amend,para,short,descr\n\
             10,14,0,1959-12-02,R/14/746B,0,1,\"ALGERIA\",\"TO ADOPT 3RD PREAMBULAR PARAGRAPH OF THE DRAFT\"\n\
             11,14,1,1959-12-03,R/14/746B,0,0,ALGERIA,TO ADOPT THE DRAFT AS A WHOLE\n\
             12,14,0,1959-12-03,R/14/746B,1,0,ALGERIA,TO ADOPT AN AMENDMENT\n",
        );
        let issues = temp_file("rcid,short_name,issue\n11,hr,Human rights\n11,co,Colonialism\n");
        let options = IngestOptions {
            roll_calls: Some(roll_calls.path().to_path_buf()),
            issues: Some(issues.path().to_path_buf()),
            ..IngestOptions::default()
        };
        let csv = "rcid,country,country_code,vote\n10,France,FR,yes\n11,France,FR,no\n\
                   12,France,FR,abstain\n";
        let data = read(Path::new("v.csv"), csv.as_bytes(), &options).unwrap();
        let paragraph = &data.motions[0];
        assert_eq!(paragraph.part, Part::Preambular(3));
        assert_eq!(paragraph.whole.as_deref(), Some("11"));
        assert_eq!(paragraph.date.as_deref(), Some("1959-12-02"));
        assert_eq!(paragraph.session, Some(14));
        let whole = &data.motions[1];
        assert_eq!(whole.part, Part::Whole);
        assert!(whole.important);
        assert_eq!(whole.issues, vec!["co", "hr"]);
        assert_eq!(whole.document.as_deref(), Some("R/14/746B"));
        assert_eq!(whole.title.as_deref(), Some("ALGERIA"));
        assert_eq!(data.motions[2].part, Part::Amendment("to R/14/746B".into()));
        assert_eq!(data.motions[2].whole.as_deref(), Some("11"));
        assert!(data.stats.warnings.is_empty());
    }

    #[test]
    fn broken_roll_call_rows_name_the_side_table_and_line() {
        let roll_calls = temp_file(
            "rcid,session,importantvote,date,unres,amend,para,short,descr\n\
             10,14,0,1959-12-02,R/14/746B,0,1,A,B\n\
             11,14,0,1959-12-02,\"R/14/7\"46B,0,1,A\n",
        );
        let options = IngestOptions {
            roll_calls: Some(roll_calls.path().to_path_buf()),
            ..IngestOptions::default()
        };
        let err = read(
            Path::new("v.csv"),
            "rcid,country,country_code,vote\n10,France,FR,yes\n".as_bytes(),
            &options,
        )
        .unwrap_err()
        .to_string();
        let table = roll_calls.path().display().to_string();
        assert!(err.starts_with(&format!("{table}:3:")), "{err}");
        assert!(err.contains("expected 9 fields, found 8"), "{err}");
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
        assert_eq!(motions["3"].date.as_deref(), Some("1946-01-01"));
        assert_eq!(motions["3"].issues, vec!["me"]);
        assert_eq!(motions["3"].part, Part::Other);
        assert_eq!(motions["4592"].date, None);
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
        assert_eq!(motions["1429"].date.as_deref(), Some("1973-12-01"));
        assert!(motions["1429"].issues.is_empty());
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
        assert_eq!(motions["610"].part, Part::Preambular(3));
        assert_eq!(
            motions["610"].title.as_deref(),
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
            motions["7"].title.as_deref(),
            Some("GENERAL ASSEMBLY ELECTIONS")
        );
        assert_eq!(motions["7"].part, Part::Amendment("to R/1/295".into()));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("1 row(s)"), "{warnings:?}");
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(iso_date("1/2/1946").as_deref(), Some("1946-01-02"));
        assert_eq!(iso_date("1946-01-02").as_deref(), Some("1946-01-02"));
        assert_eq!(iso_date("13/2/1946"), None);
        assert_eq!(iso_date("1946-1"), None);
        assert_eq!(iso_date("46-01-02"), None);
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
