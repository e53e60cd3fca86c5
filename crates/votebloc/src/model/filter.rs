//! Selecting motions and members: dates, sessions, issues, important votes, chamber, and a
//! minimum number of cast votes per member.

use super::date::{DateError, check_date_prefix};
use super::{Dataset, Motion};

/// Which motions and members to keep. `Default` keeps everything.
///
/// Dates compare as `YYYY-MM-DD` text (a bare year `1990` works as a bound too: `--from 1990`
/// keeps 1990-01-01 onwards, `--to 1990` keeps up to 1990-12-31). A motion with no date is
/// dropped by a date bound, and one with no session by a session filter: such drops are counted
/// in the dataset's statistics, never silent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Keep only these sessions (UN session, US congress).
    pub sessions: Vec<u32>,
    /// Keep only motions tagged with one of these issue codes (me, nu, di, hr, co, ec).
    pub issues: Vec<String>,
    /// Keep only motions marked important.
    pub important: bool,
    /// Keep only motions of this chamber (case-insensitive), e.g. `Senate`.
    pub chamber: Option<String>,
    /// Drop lopsided motions: those whose minority side (the smaller of yes and no) holds less
    /// than this share of the yes and no votes. 0 keeps everything; W-NOMINATE's customary
    /// value is 0.025 (Poole & Rosenthal 1997).
    pub min_minority: f64,
    /// Drop members with fewer cast votes (yes/no/abstain) on the kept motions.
    pub min_votes: usize,
}

impl Filter {
    /// True when the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Yes and no counts of every motion, in motion order.
    ///
    /// # Complexity
    ///
    /// O(V).
    fn yes_no(data: &Dataset) -> Vec<(usize, usize)> {
        let mut counts = vec![(0, 0); data.motions.len()];
        for v in &data.votes {
            match v.vote {
                super::Vote::Yes => counts[v.motion as usize].0 += 1,
                super::Vote::No => counts[v.motion as usize].1 += 1,
                _ => {}
            }
        }
        counts
    }

    /// Checks the bounds: dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` that the calendar has
    /// ([`check_date_prefix`]), `from ≤ to`.
    ///
    /// # Errors
    ///
    /// A message naming the option (`--from`, `--to`, `--min-minority`) and its value.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::model::Filter;
    /// let filter = Filter { from: Some("2019-02-30".into()), ..Filter::default() };
    /// assert_eq!(
    ///     filter.validate().unwrap_err(),
    ///     "--from 2019-02-30 is not a calendar date: February 2019 has 28 days"
    /// );
    /// assert!(Filter { from: Some("1990".into()), ..Filter::default() }.validate().is_ok());
    /// ```
    pub fn validate(&self) -> Result<(), String> {
        for (name, value) in [("--from", &self.from), ("--to", &self.to)] {
            match value.as_deref().map(check_date_prefix) {
                None | Some(Ok(())) => {}
                Some(Err(DateError::Malformed(v))) => {
                    return Err(format!(
                        "{name} expects a date as YYYY, YYYY-MM or YYYY-MM-DD, found {v:?}"
                    ));
                }
                Some(Err(err)) => return Err(format!("{name} {err}")),
            }
        }
        if !(0.0..0.5).contains(&self.min_minority) {
            return Err(format!(
                "--min-minority expects a share in [0, 0.5), found {}",
                self.min_minority
            ));
        }
        if let (Some(from), Some(to)) = (&self.from, &self.to)
            && from.as_str() > upper_bound(to).as_str()
        {
            return Err(format!("--from {from} is after --to {to}"));
        }
        Ok(())
    }

    /// Applies the filter. Canonical order is kept.
    ///
    /// # Complexity
    ///
    /// O(V + M + N).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::model::Filter;
    /// use votebloc::{DatasetBuilder, Member, Motion, Vote};
    /// let mut b = DatasetBuilder::new("x");
    /// for (id, date) in [("1", "1989-05-01"), ("2", "1991-02-03")] {
    ///     let mut motion = Motion::new(id);
    ///     motion.date = Some(date.to_string());
    ///     let m = b.motion(motion);
    ///     let a = b.member(Member::new("A", "A"));
    ///     b.push(m, a, Vote::Yes, None, 0).unwrap();
    /// }
    /// let filter = Filter { from: Some("1990".into()), ..Filter::default() };
    /// let data = filter.apply(b.finish().unwrap());
    /// assert_eq!(data.motions.len(), 1);
    /// assert_eq!(data.motions[0].id, "2");
    /// ```
    pub fn apply(&self, data: Dataset) -> Dataset {
        if self.is_empty() {
            return data;
        }
        let from = self.from.clone();
        let to = self.to.as_deref().map(upper_bound);
        let bounds = (from.as_deref(), to.as_deref());
        let mut undated = 0usize;
        let yes_no = if self.min_minority > 0.0 {
            Filter::yes_no(&data)
        } else {
            Vec::new()
        };
        let keep_motions: Vec<bool> = data
            .motions
            .iter()
            .enumerate()
            .map(|(index, m)| self.keeps(m, yes_no.get(index), bounds, &mut undated))
            .collect();
        let all_members = vec![true; data.members.len()];
        let votes_before = data.votes.len();
        let mut kept = data.subset(&keep_motions, &all_members);
        kept.stats.skip(
            "votes on motions outside the filter",
            votes_before - kept.votes.len(),
        );
        if undated > 0 {
            kept.stats.warnings.push(format!(
                "{undated} motion(s) without a date left out by --from/--to"
            ));
        }
        if self.min_votes > 0 {
            kept = self.without_few_votes(kept);
        }
        kept
    }

    /// Whether motion `m` passes the filter: its (yes, no) counts when `--min-minority` is
    /// set, its date within `bounds` (from, inclusive upper bound; a motion without a date
    /// fails and is counted in `undated`), session, issues, importance and chamber.
    fn keeps(
        &self,
        m: &Motion,
        yes_no: Option<&(usize, usize)>,
        bounds: (Option<&str>, Option<&str>),
        undated: &mut usize,
    ) -> bool {
        let (from, to) = bounds;
        if let Some(&(yes, no)) = yes_no {
            let cast = yes + no;
            if cast == 0 || (yes.min(no) as f64) < self.min_minority * cast as f64 {
                return false;
            }
        }
        if from.is_some() || to.is_some() {
            let Some(date) = &m.date else {
                *undated += 1;
                return false;
            };
            if from.is_some_and(|f| date.as_str() < f) || to.is_some_and(|t| date.as_str() > t) {
                return false;
            }
        }
        if !self.sessions.is_empty() && !m.session.is_some_and(|s| self.sessions.contains(&s)) {
            return false;
        }
        if !self.issues.is_empty()
            && !m
                .issues
                .iter()
                .any(|i| self.issues.iter().any(|w| w.eq_ignore_ascii_case(i)))
        {
            return false;
        }
        if self.important && !m.important {
            return false;
        }
        if let Some(chamber) = &self.chamber
            && !m
                .chamber
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(chamber))
        {
            return false;
        }
        true
    }

    /// `data` without the members under `--min-votes` cast votes, their votes counted as
    /// skipped and a warning saying how many members were left out.
    fn without_few_votes(&self, data: Dataset) -> Dataset {
        let casts = data.cast_counts();
        let keep_members: Vec<bool> = casts.iter().map(|&c| c >= self.min_votes).collect();
        let all_motions = vec![true; data.motions.len()];
        let before = data.votes.len();
        let dropped = keep_members.iter().filter(|k| !**k).count();
        let mut kept = data.subset(&all_motions, &keep_members);
        kept.stats.skip(
            "votes of members below --min-votes",
            before - kept.votes.len(),
        );
        if dropped > 0 {
            kept.stats.warnings.push(format!(
                "{dropped} member(s) with fewer than {} cast votes left out by --min-votes",
                self.min_votes
            ));
        }
        kept
    }
}

/// The largest full date a bound `YYYY` or `YYYY-MM` stands for.
fn upper_bound(to: &str) -> String {
    match to.len() {
        4 => format!("{to}-12-31"),
        7 => format!("{to}-31"),
        _ => to.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DatasetBuilder, Member, Motion, Vote};

    fn dataset() -> Dataset {
        let mut b = DatasetBuilder::new("x");
        let rows = [
            ("1", "1950-01-02", 5, "me", true),
            ("2", "1990-06-30", 45, "hr", false),
            ("3", "1990-12-31", 45, "me", false),
            ("4", "2001-01-01", 56, "nu", true),
        ];
        for (id, date, session, issue, important) in rows {
            let mut motion = Motion::new(id);
            motion.date = Some(date.to_string());
            motion.session = Some(session);
            motion.issues = vec![issue.to_string()];
            motion.important = important;
            let m = b.motion(motion);
            for code in ["A", "B"] {
                let member = b.member(Member::new(code, code));
                let vote = if code == "B" && id != "4" {
                    Vote::Absent
                } else {
                    Vote::Yes
                };
                b.push(m, member, vote, None, 0).unwrap();
            }
        }
        b.finish().unwrap()
    }

    fn ids(data: &Dataset) -> Vec<&str> {
        data.motions.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn year_bounds_cover_the_whole_year() {
        let f = Filter {
            from: Some("1990".into()),
            to: Some("1990".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&f.apply(dataset())), ["2", "3"]);
    }

    #[test]
    fn sessions_issues_and_importance_combine() {
        let f = Filter {
            sessions: vec![45, 56],
            issues: vec!["ME".into(), "nu".into()],
            ..Filter::default()
        };
        assert_eq!(ids(&f.apply(dataset())), ["3", "4"]);
        let f = Filter {
            important: true,
            ..Filter::default()
        };
        assert_eq!(ids(&f.apply(dataset())), ["1", "4"]);
    }

    #[test]
    fn min_votes_drops_members_and_counts_their_votes() {
        let f = Filter {
            min_votes: 2,
            ..Filter::default()
        };
        let data = f.apply(dataset());
        assert_eq!(data.members.len(), 1, "B cast one vote only");
        assert_eq!(
            data.stats.skipped,
            vec![("votes of members below --min-votes".to_string(), 4)]
        );
    }

    #[test]
    fn bad_dates_are_rejected() {
        assert!(
            Filter {
                from: Some("1990-1".into()),
                ..Filter::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            Filter {
                from: Some("2000".into()),
                to: Some("1990".into()),
                ..Filter::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            Filter {
                from: Some("1990-01".into()),
                to: Some("1990".into()),
                ..Filter::default()
            }
            .validate()
            .is_ok()
        );
    }
}
