//! How motions are grouped into periods (session, year, congress) for the analyses repeated
//! over time (`timeline`, dynamic ideal points).

use crate::choice::choice;
use crate::model::Motion;
use serde::Serialize;

choice! {
    /// How motions are grouped into periods.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum PeriodBy {
        Session => "session", "The motion's session (UN General Assembly session)";
        Year => "year", "The year of the motion's date";
        Congress => "congress", "The motion's congress (Voteview; stored as the session)";
    }
}

impl PeriodBy {
    /// The period of a motion, as a number for ordering; `None` when the motion lacks it.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::model::PeriodBy;
    /// use votebloc::Motion;
    /// let mut motion = Motion::new("m1");
    /// motion.date = Some("2015-12-23".to_string());
    /// assert_eq!(PeriodBy::Year.key(&motion), Some(2015));
    /// assert_eq!(PeriodBy::Session.key(&motion), None);
    /// ```
    pub fn key(self, motion: &Motion) -> Option<u32> {
        match self {
            PeriodBy::Session | PeriodBy::Congress => motion.session,
            PeriodBy::Year => motion
                .date
                .as_deref()
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse().ok()),
        }
    }

    /// What gives motions a period of this kind, by source, for the message when none of
    /// `motions` has one. Voteview's motions (the only ones with a chamber) have congresses but
    /// no dates: its votes files do not hold them, and its roll-call table is not read.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::model::PeriodBy;
    /// use votebloc::Motion;
    /// let mut roll_call = Motion::new("S117-1");
    /// roll_call.chamber = Some("Senate".to_string());
    /// assert!(PeriodBy::Year.missing_hint(&[roll_call]).contains("--by congress"));
    /// assert!(PeriodBy::Year.missing_hint(&[Motion::new("3")]).contains("--roll-calls"));
    /// ```
    pub fn missing_hint(self, motions: &[Motion]) -> &'static str {
        let voteview = motions.iter().any(|m| m.chamber.is_some());
        match self {
            PeriodBy::Year if voteview => {
                "Voteview's votes files have no dates: `--by congress` works, or give the dates \
                 with Voteview's roll-call table (`--roll-calls …_rollcalls.csv`)"
            }
            PeriodBy::Year => {
                "dates come from --roll-calls for unvotes and Voeten's data, from the record or \
                 --date for a UN record, from a date column for a long CSV"
            }
            PeriodBy::Session | PeriodBy::Congress => {
                "sessions come from --roll-calls for unvotes, from a session column for a long \
                 CSV; UN records and the UN Digital Library's have none"
            }
        }
    }
}
