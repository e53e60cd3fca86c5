//! The dataset as CSV tables: `votes.csv`, `motions.csv`, `members.csv`, `notes.csv`.
//! Columns are documented in `notebooks-data/README.md` and never reordered.

use super::atomic::{ExportError, write_with};
use crate::model::Dataset;
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
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["motion", "member", "name", "vote", "source_code"])
        .map_err(csv_error)?;
    for record in &data.votes {
        let motion = &data.motions[record.motion as usize];
        let member = &data.members[record.member as usize];
        w.write_record([
            motion.id.as_str(),
            member.code.as_str(),
            member.name.as_str(),
            record.vote.as_str(),
            data.source_code(record).unwrap_or(""),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}

/// `motions.csv`: `motion,document,part,date,session,title,yes,no,abstain,outcome,whole,issues`.
/// yes/no/abstain are the tallies the source states (empty when it states none).
pub fn write_motions(data: &Dataset, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "motion", "document", "part", "date", "session", "title", "yes", "no", "abstain",
        "outcome", "whole", "issues",
    ])
    .map_err(csv_error)?;
    let opt = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    for m in &data.motions {
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

/// Writes the four dataset tables into `dir`, each atomically.
pub fn write_dataset(data: &Dataset, dir: &Path) -> Result<(), ExportError> {
    super::atomic::ensure_dir(dir)?;
    write_with(&dir.join("votes.csv"), |o| write_votes(data, o))?;
    write_with(&dir.join("motions.csv"), |o| write_motions(data, o))?;
    write_with(&dir.join("members.csv"), |o| write_members(data, o))?;
    write_with(&dir.join("notes.csv"), |o| write_notes(data, o))?;
    Ok(())
}
