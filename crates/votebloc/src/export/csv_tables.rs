//! The dataset as CSV tables: `votes.csv`, `motions.csv`, `members.csv`, `notes.csv`.
//! Columns are documented in `notebooks-data/README.md` and never reordered.

use super::atomic::ExportError;
use super::output_dir::OutputDir;
use crate::analysis::Analysis;
use crate::cohesion::Cohesion;
use crate::format::format_float;
use crate::model::{Dataset, Vote};
use crate::swing::{SwingParams, decide};
use crate::timeline::Timeline;
use std::io::{self, Write};
use std::path::Path;

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// `votes.csv`: `motion,member,name,vote,source_code`, by motion then member.
pub fn write_votes(data: &Dataset, out: &mut impl Write) -> io::Result<()> {
    // The file has one row per vote (a million for the UNGA's history) but few distinct
    // fields: each motion's and member's fields are encoded once, with the quoting rules of
    // the `csv` crate (see `csv_field`), and rows are assembled from the encoded pieces.
    let motions: Vec<Vec<u8>> = data
        .motions
        .iter()
        .map(|m| [csv_field(&m.id), b",".to_vec()].concat())
        .collect();
    let members: Vec<Vec<u8>> = data
        .members
        .iter()
        .map(|m| {
            [
                csv_field(&m.code),
                b",".to_vec(),
                csv_field(&m.name),
                b",".to_vec(),
            ]
            .concat()
        })
        .collect();
    // A vote ends its row unless a source code follows.
    let votes: Vec<Vec<u8>> = Vote::ALL
        .iter()
        .map(|vote| [vote.as_str().as_bytes(), b","].concat())
        .collect();
    let row_ends: Vec<Vec<u8>> = Vote::ALL
        .iter()
        .map(|vote| [vote.as_str().as_bytes(), b",\n"].concat())
        .collect();
    let codes: Vec<Vec<u8>> = data.source_codes.iter().map(|c| csv_field(c)).collect();
    out.write_all(b"motion,member,name,vote,source_code\n")?;
    const FLUSH_AT: usize = 1 << 16;
    let mut rows: Vec<u8> = Vec::with_capacity(FLUSH_AT + 256);
    for record in &data.votes {
        rows.extend_from_slice(&motions[record.motion as usize]);
        rows.extend_from_slice(&members[record.member as usize]);
        // `Vote::ALL` lists the variants in declaration order: the discriminant is the slot.
        match record.source_code.and_then(|code| codes.get(code.index())) {
            None => rows.extend_from_slice(&row_ends[record.vote as usize]),
            Some(code) => {
                rows.extend_from_slice(&votes[record.vote as usize]);
                rows.extend_from_slice(code);
                rows.push(b'\n');
            }
        }
        if rows.len() >= FLUSH_AT {
            out.write_all(&rows)?;
            rows.clear();
        }
    }
    out.write_all(&rows)?;
    out.flush()
}

/// One CSV field (not the only one of its record) as the `csv` crate writes it by default:
/// quoted, with quotes doubled, when it holds a comma, a quote or a line end; otherwise as is.
fn csv_field(text: &str) -> Vec<u8> {
    if text
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        let mut quoted = Vec::with_capacity(text.len() + 2);
        quoted.push(b'"');
        for b in text.bytes() {
            if b == b'"' {
                quoted.push(b'"');
            }
            quoted.push(b);
        }
        quoted.push(b'"');
        quoted
    } else {
        text.as_bytes().to_vec()
    }
}

/// The header of `motions.csv`: the motion as the source describes it (the tally and outcome
/// it states), then the tally counted from the votes and the outcome it gives under the body's
/// rule (see [`decide`]).
pub const MOTIONS_HEADER: [&str; 20] = [
    "motion",
    "document",
    "part",
    "date",
    "session",
    "title",
    "yes",
    "no",
    "abstain",
    "outcome",
    "whole",
    "issues",
    "question",
    "chamber",
    "important",
    "counted_yes",
    "counted_no",
    "counted_abstain",
    "majority",
    "counted_outcome",
];

/// `motions.csv` ([`MOTIONS_HEADER`]) under the default rules ([`SwingParams::default`]): see
/// [`write_motions_with`].
pub fn write_motions(data: &Dataset, out: &mut impl Write) -> io::Result<()> {
    write_motions_with(data, &SwingParams::default(), out)
}

/// `motions.csv` ([`MOTIONS_HEADER`]), one row per motion in dataset order. `yes`, `no`,
/// `abstain` and `outcome` are what the source states (empty when it states none);
/// `counted_yes`, `counted_no`, `counted_abstain` count `votes.csv`, `majority` is the rule
/// `params` gives the motion and `counted_outcome` what the counted votes decide under it
/// (empty when nobody cast a vote); `important` is `true` or `false`.
pub fn write_motions_with(
    data: &Dataset,
    params: &SwingParams,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(MOTIONS_HEADER).map_err(csv_error)?;
    let opt = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    for (index, m) in data.motions.iter().enumerate() {
        let counted = decide(m, data.votes_on(index), params);
        let cast = counted.yes + counted.no + counted.abstain > 0;
        let count = |n: usize| if cast { n.to_string() } else { String::new() };
        w.write_record([
            m.id.clone(),
            m.document.clone().unwrap_or_default(),
            m.part.to_string(),
            m.date.clone().unwrap_or_default(),
            opt(m.session),
            m.title.clone().unwrap_or_default(),
            opt(m.stated.map(|t| t.yes)),
            opt(m.stated.map(|t| t.no)),
            opt(m.stated.and_then(|t| t.abstain)),
            m.outcome.clone().unwrap_or_default(),
            m.whole.clone().unwrap_or_default(),
            m.issues.join(";"),
            m.question.clone().unwrap_or_default(),
            m.chamber.clone().unwrap_or_default(),
            m.important.to_string(),
            count(counted.yes),
            count(counted.no),
            count(counted.abstain),
            counted.majority.as_str().to_string(),
            counted
                .decision
                .map(|d| d.as_str().to_string())
                .unwrap_or_default(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}

/// `members.csv`: `member,name,group,yes,no,abstain,absent,not_member` (counts of votes).
pub fn write_members(data: &Dataset, out: &mut impl Write) -> io::Result<()> {
    let mut counts = vec![[0usize; 5]; data.members.len()];
    for record in &data.votes {
        let slot = crate::model::Vote::ALL
            .iter()
            .position(|&v| v == record.vote)
            .unwrap_or(4);
        counts[record.member as usize][slot] += 1;
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "member",
        "name",
        "group",
        "yes",
        "no",
        "abstain",
        "absent",
        "not_member",
    ])
    .map_err(csv_error)?;
    for (m, c) in data.members.iter().zip(&counts) {
        let mut row = vec![
            m.code.clone(),
            m.name.clone(),
            m.group.clone().unwrap_or_default(),
        ];
        row.extend(c.iter().map(|n| n.to_string()));
        w.write_record(&row).map_err(csv_error)?;
    }
    w.flush()
}

/// `notes.csv`: `motion,member,intended,line,text` — statements made after a vote, kept
/// beside the record and never changing it.
pub fn write_notes(data: &Dataset, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["motion", "member", "intended", "line", "text"])
        .map_err(csv_error)?;
    for n in &data.notes {
        w.write_record([
            n.motion.clone().unwrap_or_default(),
            n.member.clone(),
            n.intended
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
            n.line.to_string(),
            n.text.clone(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}

/// The files of the dataset tables, in the order [`write_dataset_into`] writes them.
pub const DATASET_FILES: [&str; 4] = ["votes.csv", "motions.csv", "members.csv", "notes.csv"];

/// Writes the four dataset tables ([`DATASET_FILES`]) into the folder `dir` (created if
/// missing) as one set: see [`OutputDir`]. Other files in `dir` are kept.
///
/// # Errors
///
/// Those of [`OutputDir::create`], [`OutputDir::write_with`] and [`OutputDir::commit`]; each
/// names the path.
///
/// # Complexity
///
/// O(V + M + n) for V votes, M motions and n members, plus flushing the files to the disk.
///
/// # Examples
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let data = votebloc::ingest::read_embedded(&Default::default()).unwrap();
/// votebloc::export::csv_tables::write_dataset(&data, dir.path()).unwrap();
/// let votes = std::fs::read_to_string(dir.path().join("votes.csv")).unwrap();
/// assert_eq!(votes.lines().count(), data.votes.len() + 1);
/// ```
pub fn write_dataset(data: &Dataset, dir: &Path) -> Result<(), ExportError> {
    let out = OutputDir::create(dir, &DATASET_FILES)?;
    write_dataset_into(data, &out)?;
    out.commit().map(|_| ())
}

/// Writes the dataset tables into the set `out` (not yet in place), in the order votes,
/// motions, members, notes.
///
/// # Errors
///
/// Those of [`OutputDir::write_with`].
///
/// # Complexity
///
/// As [`write_dataset`].
///
/// # Examples
///
/// See [`write_dataset`].
pub fn write_dataset_into(data: &Dataset, out: &OutputDir) -> Result<(), ExportError> {
    out.write_with("votes.csv", |o| write_votes(data, o))?;
    out.write_with("motions.csv", |o| write_motions(data, o))?;
    out.write_with("members.csv", |o| write_members(data, o))?;
    out.write_with("notes.csv", |o| write_notes(data, o))
}

/// Reused text of number fields, for tables written field by field.
#[derive(Default)]
struct NumberFields {
    integers: itoa::Buffer,
    float: String,
}

impl NumberFields {
    fn integer(&mut self, value: usize) -> &str {
        self.integers.format(value)
    }

    /// [`format_float`] of `value`.
    fn float(&mut self, value: Option<f64>) -> &str {
        self.float = format_float(value);
        &self.float
    }
}

/// `blocs.csv`: `member,name,group,bloc,stability,votes_cast`, one row per analysed member in
/// member-code order; blocs numbered from 1 by size.
pub fn write_blocs(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let data = &analysis.dataset;
    let casts = data.cast_counts();
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["member", "name", "group", "bloc", "stability", "votes_cast"])
        .map_err(csv_error)?;
    for (i, m) in data.members.iter().enumerate() {
        w.write_record([
            m.code.clone(),
            m.name.clone(),
            m.group.clone().unwrap_or_default(),
            analysis.blocs[i].to_string(),
            format_float(Some(analysis.stability[i])),
            casts[i].to_string(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}

/// `similarity.csv`: `member_a,member_b,similarity,common`, every pair with `member_a <
/// member_b` (by code), similarity empty when the pair shares too few motions. Without the
/// dense table ([`Analysis::is_dense`]) each pair is computed as it is written (O(1) memory,
/// n(n − 1)/2 rows): `analyze -o` leaves the file out then ([`super::DENSE_OUTPUTS`]).
pub fn write_similarity(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let members = &analysis.dataset.members;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["member_a", "member_b", "similarity", "common"])
        .map_err(csv_error)?;
    for pair in analysis.similarity.pairs() {
        w.write_record([
            members[pair.a].code.as_str(),
            members[pair.b].code.as_str(),
            &format_float(pair.similarity),
            &pair.common.to_string(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}

/// The header of `swing.csv`.
pub const SWING_HEADER: [&str; 11] = [
    "member",
    "name",
    "bloc",
    "kind",
    "rank",
    "count",
    "total",
    "share",
    "nearest_bloc",
    "ratio",
    "reason",
];

/// `swing.csv` ([`SWING_HEADER`]): one row per swing member and criterion, by rank then kind
/// ([`SwingReport::rows`](crate::swing::SwingReport::rows)); numbers as every CSV writes them
/// ([`format_float`]), empty cells where a kind has no such figure.
pub fn write_swing(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SWING_HEADER).map_err(csv_error)?;
    let integer = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
    for row in analysis.swing.rows(&analysis.dataset) {
        w.write_record([
            row.member,
            row.name,
            integer(row.bloc.map(|b| b as usize)),
            row.kind.as_str().to_string(),
            row.rank.to_string(),
            integer(row.count),
            integer(row.total),
            format_float(row.share),
            integer(row.nearest_bloc.map(|b| b as usize)),
            format_float(row.ratio),
            row.reason,
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}

/// The header of `split_votes.csv`.
pub const SPLIT_VOTES_HEADER: [&str; 9] = [
    "member",
    "name",
    "bloc",
    "whole",
    "document",
    "motion",
    "part",
    "whole_vote",
    "vote",
];

/// `split_votes.csv` ([`SPLIT_VOTES_HEADER`]): the parts behind each `split` row of
/// `swing.csv`, one row per member, text and part
/// ([`SwingReport::split_rows`](crate::swing::SwingReport::split_rows)).
pub fn write_split_votes(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SPLIT_VOTES_HEADER).map_err(csv_error)?;
    for row in analysis.swing.split_rows(&analysis.dataset) {
        w.write_record([
            row.member,
            row.name,
            row.bloc.map(|b| b.to_string()).unwrap_or_default(),
            row.whole,
            row.document,
            row.motion,
            row.part.to_string(),
            row.whole_vote.as_str().to_string(),
            row.vote.as_str().to_string(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}

/// The header of `defections.csv`.
pub const DEFECTIONS_HEADER: [&str; 7] = [
    "member", "name", "bloc", "caucus", "motion", "vote", "majority",
];

/// `defections.csv` ([`DEFECTIONS_HEADER`]): the motions behind each `defection` row of
/// `swing.csv`, one row per member and motion
/// ([`SwingReport::defection_rows`](crate::swing::SwingReport::defection_rows)).
pub fn write_defections(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(DEFECTIONS_HEADER).map_err(csv_error)?;
    for row in analysis.swing.defection_rows(&analysis.dataset) {
        w.write_record([
            row.member,
            row.name,
            row.bloc.map(|b| b.to_string()).unwrap_or_default(),
            row.caucus.unwrap_or_default(),
            row.motion,
            row.vote.as_str().to_string(),
            row.majority
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}

/// The header of `cohesion.csv`.
pub const COHESION_HEADER: [&str; 8] = [
    "bloc",
    "motion",
    "rice",
    "agreement_index",
    "yes",
    "no",
    "abstain",
    "absent",
];

/// `cohesion.csv` of `analysis`: see [`write_cohesion_of`]; `absent` is empty when the source
/// records no absences ([`Analysis::absences_recorded`]).
pub fn write_cohesion(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    write_cohesion_of(
        &analysis.cohesion,
        &analysis.dataset,
        analysis.absences_recorded,
        out,
    )
}

/// `cohesion.csv`: `bloc,motion,rice,agreement_index,yes,no,abstain,absent`, one row per bloc
/// and motion: for each bloc in order, its motions in dataset order; undefined indices are
/// empty cells, and so is `absent` when `absences` is false (a source that records none).
/// `data` is the dataset the cohesion was computed on. The means over the motions are in
/// `cohesion_summary.csv` ([`write_cohesion_summary_of`]).
pub fn write_cohesion_of(
    cohesion: &Cohesion,
    data: &Dataset,
    absences: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COHESION_HEADER).map_err(csv_error)?;
    let motions = &data.motions;
    let mut numbers = NumberFields::default();
    for summary in &cohesion.blocs {
        for cell in cohesion.bloc_cells(summary.bloc) {
            let motion = motions.get(cell.motion).map_or("", |m| m.id.as_str());
            w.write_field(numbers.integer(cell.bloc as usize))
                .map_err(csv_error)?;
            w.write_field(motion).map_err(csv_error)?;
            write_indices_and_counts(&mut w, &mut numbers, cell, absences)?;
        }
    }
    w.flush()
}

/// The fields after the motion of a cohesion row, and the end of the record.
fn write_indices_and_counts<W: Write>(
    w: &mut csv::Writer<W>,
    numbers: &mut NumberFields,
    cell: &crate::cohesion::Cell,
    absences: bool,
) -> io::Result<()> {
    w.write_field(numbers.float(cell.rice)).map_err(csv_error)?;
    w.write_field(numbers.float(cell.agreement_index))
        .map_err(csv_error)?;
    let counts = cell.counts;
    for count in [counts.yes, counts.no, counts.abstain] {
        w.write_field(numbers.integer(count)).map_err(csv_error)?;
    }
    let absent = if absences {
        numbers.integer(counts.absent).to_string()
    } else {
        String::new()
    };
    w.write_field(absent).map_err(csv_error)?;
    w.write_record(None::<&[u8]>).map_err(csv_error)
}

/// The header of `cohesion_summary.csv`.
pub const COHESION_SUMMARY_HEADER: [&str; 9] = [
    "bloc",
    "size",
    "rice",
    "agreement_index",
    "motions",
    "yes",
    "no",
    "abstain",
    "absent",
];

/// `cohesion_summary.csv` of `analysis`: see [`write_cohesion_summary_of`].
pub fn write_cohesion_summary(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    write_cohesion_summary_of(&analysis.cohesion, analysis.absences_recorded, out)
}

/// `cohesion_summary.csv` ([`COHESION_SUMMARY_HEADER`]): one row per bloc in order, its size,
/// the mean Rice index and Agreement Index over the motions where each is defined, the number
/// of motions on which the bloc cast a vote, and its votes of each kind summed over the
/// motions (`absent` empty when `absences` is false).
pub fn write_cohesion_summary_of(
    cohesion: &Cohesion,
    absences: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COHESION_SUMMARY_HEADER).map_err(csv_error)?;
    let mut numbers = NumberFields::default();
    for summary in &cohesion.blocs {
        let voted = cohesion
            .bloc_cells(summary.bloc)
            .iter()
            .filter(|c| c.agreement_index.is_some())
            .count();
        w.write_field(numbers.integer(summary.bloc as usize))
            .map_err(csv_error)?;
        w.write_field(numbers.integer(summary.size))
            .map_err(csv_error)?;
        w.write_field(numbers.float(summary.rice))
            .map_err(csv_error)?;
        w.write_field(numbers.float(summary.agreement_index))
            .map_err(csv_error)?;
        w.write_field(numbers.integer(voted)).map_err(csv_error)?;
        let counts = summary.counts;
        for count in [counts.yes, counts.no, counts.abstain] {
            w.write_field(numbers.integer(count)).map_err(csv_error)?;
        }
        let absent = if absences {
            numbers.integer(counts.absent).to_string()
        } else {
            String::new()
        };
        w.write_field(absent).map_err(csv_error)?;
        w.write_record(None::<&[u8]>).map_err(csv_error)?;
    }
    w.flush()
}

/// `timeline.csv`: `period,member,name,bloc,stability`, by period then member code; blocs are
/// the labels aligned across periods.
pub fn write_timeline(timeline: &Timeline, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["period", "member", "name", "bloc", "stability"])
        .map_err(csv_error)?;
    for period in &timeline.periods {
        for (i, (code, name)) in period.members.iter().enumerate() {
            w.write_record([
                period.period.to_string().as_str(),
                code,
                name,
                &period.blocs[i].to_string(),
                &format_float(Some(period.stability[i])),
            ])
            .map_err(csv_error)?;
        }
    }
    w.flush()
}

/// `transitions.csv`: `from_period,to_period,member,name,from_bloc,to_bloc`: members whose
/// aligned bloc changes between consecutive analysed periods.
pub fn write_transitions(timeline: &Timeline, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "from_period",
        "to_period",
        "member",
        "name",
        "from_bloc",
        "to_bloc",
    ])
    .map_err(csv_error)?;
    for t in &timeline.transitions {
        w.write_record([
            t.from_period.to_string().as_str(),
            &t.to_period.to_string(),
            &t.member,
            &t.name,
            &t.from_bloc.to_string(),
            &t.to_bloc.to_string(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}

/// `periods.csv`: `period,motions,members,blocs,modularity,skipped` — one row per period,
/// skipped periods with the reason.
pub fn write_periods(timeline: &Timeline, out: &mut impl Write) -> io::Result<()> {
    let mut rows: Vec<(u32, [String; 5])> = timeline
        .periods
        .iter()
        .map(|p| {
            let blocs = p
                .blocs
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            (
                p.period,
                [
                    p.motions.to_string(),
                    p.members.len().to_string(),
                    blocs.to_string(),
                    format_float(p.modularity),
                    String::new(),
                ],
            )
        })
        .collect();
    for (period, reason) in &timeline.skipped {
        rows.push((
            *period,
            [
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                reason.clone(),
            ],
        ));
    }
    rows.sort_by_key(|(p, _)| *p);
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "period",
        "motions",
        "members",
        "blocs",
        "modularity",
        "skipped",
    ])
    .map_err(csv_error)?;
    for (period, fields) in rows {
        let mut record = vec![period.to_string()];
        record.extend(fields);
        w.write_record(&record).map_err(csv_error)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DatasetBuilder, Member, Motion, Vote};

    #[test]
    fn cohesion_rows_are_one_per_bloc_and_motion_and_the_means_a_file_of_their_own() {
        use Vote::{Absent as X, Abstain as A, No as N, NotMember as Z, Yes as Y};
        let mut b = DatasetBuilder::new("test");
        let motions: Vec<u32> = (1..=3)
            .map(|i| b.motion(Motion::new(format!("m{i}"))))
            .collect();
        let rows: [(&str, [Vote; 3]); 6] = [
            ("A", [Y, Y, X]),
            ("B", [Y, N, X]),
            ("C", [Y, A, Z]),
            ("D", [N, Y, X]),
            ("E", [N, N, N]),
            ("F", [A, N, Y]),
        ];
        for (code, votes) in rows {
            let member = b.member(Member::new(code, code));
            for (m, v) in motions.iter().zip(votes) {
                b.push(*m, member, v, None, 0).unwrap();
            }
        }
        let data = b.finish().unwrap();
        let result = crate::cohesion::cohesion(&data, &[1, 1, 1, 1, 2, 0]).unwrap();
        let text = |absences: bool| {
            let mut out = Vec::new();
            write_cohesion_of(&result, &data, absences, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let with_absences = text(true);
        let lines: Vec<&str> = with_absences.lines().collect();
        assert_eq!(lines.len(), 1 + 2 * 3);
        assert_eq!(lines[0], COHESION_HEADER.join(","));
        // m1: A, B, C yes, D no: Rice 0.5, AI (3 − ½·1) / 4 = 0.625.
        assert_eq!(lines[1], "1,m1,0.5,0.625,3,1,0,0");
        assert_eq!(lines[3], "1,m3,,,0,0,0,3");
        // Bloc 2 is E alone (F unassigned): m1 N → Rice 1, AI 1.
        assert_eq!(lines[4], "2,m1,1,1,0,1,0,0");
        // A source without absences: the column is empty, not 0.
        assert_eq!(text(false).lines().nth(3), Some("1,m3,,,0,0,0,"));
        let mut out = Vec::new();
        write_cohesion_summary_of(&result, true, &mut out).unwrap();
        let summary = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = summary.lines().collect();
        assert_eq!(lines[0], COHESION_SUMMARY_HEADER.join(","));
        assert_eq!(lines.len(), 3);
        // Bloc 1 cast votes on m1 and m2 only; bloc 2 (E) is unanimous on all three.
        // Rice: mean of 0.5 and 1/3; AI: mean of 0.625 and 0.25.
        assert_eq!(lines[1], "1,4,0.416667,0.4375,2,5,2,1,3");
        assert_eq!(lines[2], "2,1,1,1,3,0,3,0,0");
    }

    /// The hand-assembled votes.csv equals what the `csv` crate writes, quoting included.
    #[test]
    fn votes_csv_quotes_like_the_csv_crate() {
        let mut b = DatasetBuilder::new("x");
        let names = [
            "Korea, Republic of",
            "Say \"no\"",
            "two\nlines",
            "plain",
            "",
            // Longer than a padded piece: written by the slow path.
            "A member whose name, with a comma, is longer than any inline piece",
        ];
        let motion = b.motion(Motion::new("A/1, part \"2\""));
        for (i, name) in names.iter().enumerate() {
            let member = b.member(Member::new(format!("M{i}"), *name));
            let code = (i % 2 == 0).then_some("8,9");
            b.push(motion, member, Vote::ALL[i % 5], code, 0).unwrap();
        }
        let data = b.finish().unwrap();
        let mut fast = Vec::new();
        write_votes(&data, &mut fast).unwrap();
        let mut reference = csv::Writer::from_writer(Vec::new());
        reference
            .write_record(["motion", "member", "name", "vote", "source_code"])
            .unwrap();
        for r in &data.votes {
            let m = &data.members[r.member as usize];
            reference
                .write_record([
                    data.motions[r.motion as usize].id.as_str(),
                    m.code.as_str(),
                    m.name.as_str(),
                    r.vote.as_str(),
                    data.source_code(r).unwrap_or(""),
                ])
                .unwrap();
        }
        let reference = reference.into_inner().unwrap();
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            String::from_utf8(reference).unwrap()
        );
        // write_votes indexes its vote pieces by discriminant.
        for vote in Vote::ALL {
            assert_eq!(Vote::ALL[vote as usize], vote);
        }
    }
}
