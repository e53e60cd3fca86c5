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
}
