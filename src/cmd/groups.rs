//! `--groups`: which known grouping of states labels the members (`votebloc::groups`).

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use std::ffi::OsStr;
use votebloc::Choice;
use votebloc::groups::{self, Grouping};
use votebloc::model::Dataset;

/// The value of `--groups`: a known grouping, or the source's own groups only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupsArg {
    /// Keep the groups the source gives (parties, caucuses); label no state.
    Source,
    /// Label every state with its group in this grouping, over what the source gives.
    Known(Grouping),
}

impl GroupsArg {
    /// The name written in `summary.json`.
    pub fn name(self) -> &'static str {
        match self {
            GroupsArg::Source => "source",
            GroupsArg::Known(grouping) => grouping.name(),
        }
    }
}

/// Labels the states of `data` as `--groups` asks: without it, the states the source gave no
/// group get their UN regional group (legislators keep their party); with a grouping, every
/// state gets its group in it; with `source`, nothing changes. A state's group is the one it
/// held on the dates of most of the motions it voted on (`votebloc::groups::label_members`).
pub fn apply(data: &mut Dataset, arg: Option<GroupsArg>) {
    match arg {
        None => {
            groups::label_members(data, Grouping::UnRegional, false);
        }
        Some(GroupsArg::Known(grouping)) => {
            groups::label_members(data, grouping, true);
        }
        Some(GroupsArg::Source) => {}
    }
}

/// clap's parser of `--groups`: `source` or a grouping's name.
#[derive(Debug, Clone)]
pub struct GroupsParser;

fn possible_values() -> impl Iterator<Item = PossibleValue> {
    std::iter::once(
        PossibleValue::new("source")
            .help("The source's own groups only (parties); no state labelled"),
    )
    .chain(
        Grouping::ALL
            .iter()
            .map(|g| PossibleValue::new(g.name()).help(g.about())),
    )
}

impl TypedValueParser for GroupsParser {
    type Value = GroupsArg;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<GroupsArg, clap::Error> {
        let name = PossibleValuesParser::new(possible_values()).parse_ref(cmd, arg, value)?;
        if name == "source" {
            return Ok(GroupsArg::Source);
        }
        Grouping::from_name(&name)
            .map(GroupsArg::Known)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(possible_values()))
    }
}
