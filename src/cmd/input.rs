//! Input arguments shared by every subcommand that reads data.

use super::UsageError;
use super::choice::choice;
use super::progress::Bar;
use anyhow::Context;
use std::path::PathBuf;
use votebloc::ingest::{self, Format, IngestOptions};
use votebloc::model::{Dataset, Filter, date};

#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Input files (UN record text, long CSV, unvotes, Voeten, UN Digital Library, Voteview;
    /// `.gz` read transparently). None: the embedded seed report (A/C.1/77/L.56).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Report a stated tally that does not match the lists, a UN record that seems cut short,
    /// or broken quoting in a side table's fields, as a warning, not an error.
    #[arg(long)]
    pub lenient: bool,
    /// Roll-call table to join for dates, sessions, symbols and parts: unvotes'
    /// un_roll_calls.csv, Voeten's roll_calls.csv, Voteview's …_rollcalls.csv, or for a long
    /// CSV the motions.csv votebloc wrote (taken by default beside a votes.csv it wrote).
    #[arg(long, value_name = "FILE")]
    pub roll_calls: Option<PathBuf>,
    /// unvotes issue table (un_roll_call_issues.csv) to join for issue codes.
    #[arg(long, value_name = "FILE")]
    pub issues: Option<PathBuf>,
    /// Voteview members file (names, parties, states); repeat it for several (one per
    /// congress): each vote takes its member's name and party from its own congress's entry.
    /// For a long CSV, the members.csv votebloc wrote (taken by default beside a votes.csv it
    /// wrote).
    #[arg(long, value_name = "FILE")]
    pub members: Vec<PathBuf>,
    /// Date of the votes of a UN record that states none: which states were members that day.
    /// Without it such votes have no date and count against the current UN members.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = iso_date)]
    pub date: Option<String>,
    /// Keep motions on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Keep motions on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Keep motions of these sessions / congresses (repeat or separate with commas).
    #[arg(long, value_name = "N", value_delimiter = ',')]
    pub session: Vec<u32>,
    /// Keep motions on these issues: me, nu, di, hr, co, ec (repeat or separate with commas).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub issue: Vec<String>,
    /// Keep only motions marked as important votes.
    #[arg(long)]
    pub important: bool,
    /// Keep only motions of this chamber (Voteview: House, Senate).
    #[arg(long, value_name = "NAME")]
    pub chamber: Option<String>,
    /// Leave out lopsided motions whose minority (the smaller of yes and no) is below this
    /// share of yes + no (e.g. 0.025, as W-NOMINATE).
    #[arg(long, value_name = "SHARE", default_value_t = 0.0)]
    pub min_minority: f64,
    /// Leave out members with fewer cast votes (yes/no/abstain) on the kept motions
    /// [analyze default: a tenth of the motions, between 1 and W-NOMINATE's 20].
    #[arg(long, value_name = "N")]
    pub min_votes: Option<usize>,
    /// Read every input as this format instead of detecting it.
    #[arg(long = "format", value_name = "FORMAT", value_parser = choice::<Format>(),
          long_help = format_help())]
    pub input_format: Option<Format>,
    /// Groups the states are labelled with and the blocs compared to [default: the UN
    /// regional groups, for states the source gives no group; legislators keep their party].
    #[arg(long, value_name = "GROUPING", value_parser = super::groups::GroupsParser)]
    pub groups: Option<super::groups::GroupsArg>,
}

impl InputArgs {
    fn options(&self, bar: Option<&Bar>) -> IngestOptions {
        IngestOptions {
            progress: bar.map(Bar::as_progress),
            format: self.input_format,
            date: self.date.clone(),
            lenient: self.lenient,
            roll_calls: self.roll_calls.clone(),
            issues: self.issues.clone(),
            members: self.members.clone(),
        }
    }

    /// The motion and member filter the options describe.
    pub fn filter(&self) -> Filter {
        let mut sessions = self.session.clone();
        sessions.sort_unstable();
        sessions.dedup();
        Filter {
            from: self.from.clone(),
            to: self.to.clone(),
            sessions,
            issues: self.issue.clone(),
            important: self.important,
            chamber: self.chamber.clone(),
            min_minority: self.min_minority,
            min_votes: self.min_votes.unwrap_or(0),
        }
    }

    /// The options as passed (null when not given), for summary.json's `parameters.given`.
    pub fn given(&self) -> serde_json::Value {
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
        serde_json::json!({
            "inputs": self.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "lenient": self.lenient,
            "roll_calls": path(&self.roll_calls),
            "issues": path(&self.issues),
            "members": match self.members.as_slice() {
                [] => serde_json::Value::Null,
                [one] => serde_json::json!(one.display().to_string()),
                several => serde_json::json!(
                    several.iter().map(|p| p.display().to_string()).collect::<Vec<_>>()
                ),
            },
            "date": self.date,
            "from": self.from,
            "to": self.to,
            "session": self.session,
            "issue": self.issue,
            "important": self.important,
            "chamber": self.chamber,
            "min_minority": self.min_minority,
            "min_votes": self.min_votes,
            "format": self.input_format.map(|f| votebloc::Choice::name(f).to_string()),
            "groups": self.groups.map(super::groups::GroupsArg::name),
        })
    }

    /// The options with the tables votebloc wrote beside a `votes.csv` input (its
    /// `motions.csv` and `members.csv`, see `votebloc::ingest::votebloc_tables::beside`) as
    /// `--roll-calls` and `--members` when those are not given and the input is that one
    /// file; and the tables so taken.
    pub fn with_tables_beside(&self) -> (InputArgs, Vec<PathBuf>) {
        let mut resolved = self.clone();
        let [votes] = self.inputs.as_slice() else {
            return (resolved, Vec::new());
        };
        let long = self.input_format.is_none_or(|f| f == Format::Long);
        if !long {
            return (resolved, Vec::new());
        }
        let (motions, members) = ingest::votebloc_tables::beside(votes);
        let mut taken = Vec::new();
        if resolved.roll_calls.is_none()
            && let Some(path) = motions
        {
            taken.push(path.clone());
            resolved.roll_calls = Some(path);
        }
        if resolved.members.is_empty()
            && let Some(path) = members
        {
            taken.push(path.clone());
            resolved.members = vec![path];
        }
        (resolved, taken)
    }

    /// Reads the inputs (or the embedded seed) as `--format` says (detected when absent),
    /// with the tables votebloc wrote beside a `votes.csv` ([`InputArgs::with_tables_beside`],
    /// said on stderr), and prints ingest warnings to stderr.
    pub fn load(&self) -> anyhow::Result<Dataset> {
        // Bad filter options are refused before a long read.
        let filter = self.filter();
        filter
            .validate()
            .map_err(|message| anyhow::Error::new(UsageError(message)))?;
        let (resolved, taken) = self.with_tables_beside();
        if !taken.is_empty() {
            let names: Vec<String> = taken.iter().map(|p| p.display().to_string()).collect();
            eprintln!(
                "note: reading {} beside {} (votebloc's tables: parts and their links, titles, \
                 groups); --roll-calls and --members choose others",
                names.join(" and "),
                self.inputs[0].display()
            );
        }
        let bar = Bar::on_terminal();
        let options = resolved.options(bar.as_ref());
        let data = if self.inputs.is_empty() {
            ingest::read_embedded(&options).context("reading the embedded seed report")?
        } else {
            let data = ingest::read_inputs(&self.inputs, &options);
            if let Some(bar) = &bar {
                bar.finish();
            }
            data.context("reading the input")?
        };
        let mut data = filter.apply(data);
        super::groups::apply(&mut data, self.groups);
        for warning in &data.stats.warnings {
            eprintln!("warning: {warning}");
        }
        Ok(data)
    }
}

/// `--date`: a calendar date written `YYYY-MM-DD` (not a year or month alone: it is the day of
/// the votes).
fn iso_date(text: &str) -> Result<String, String> {
    match date::check_date_prefix(text) {
        Ok(()) if text.len() == 10 => Ok(text.to_string()),
        Ok(()) | Err(date::DateError::Malformed(_)) => {
            Err(format!("expected a date YYYY-MM-DD, found {text:?}"))
        }
        Err(err) => Err(err.to_string()),
    }
}

/// The long help of `--format`: the long CSV's columns from the library's one list.
fn format_help() -> String {
    format!(
        "Read every input as this format instead of detecting it.\n\nThe long CSV's columns: {}",
        votebloc::ingest::long_csv::columns_summary()
    )
}
