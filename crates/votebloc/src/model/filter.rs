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

/// Why [`Filter::apply`] leaves a motion out, in the order it tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeftOut {
    Undated,
    Dates,
    Session,
    Issue,
    Important,
    Chamber,
    Lopsided,
}

impl LeftOut {
    /// The selections by date, session, issue, importance and chamber first: a motion of
    /// another session is left out as such, whatever its votes.
    const ALL: [LeftOut; 7] = [
        LeftOut::Undated,
        LeftOut::Dates,
        LeftOut::Session,
        LeftOut::Issue,
        LeftOut::Important,
        LeftOut::Chamber,
        LeftOut::Lopsided,
    ];
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
        let yes_no = if self.min_minority > 0.0 {
            Filter::yes_no(&data)
        } else {
            Vec::new()
        };
        let reasons: Vec<Option<LeftOut>> = data
            .motions
            .iter()
            .enumerate()
            .map(|(index, m)| self.left_out_by(m, yes_no.get(index), bounds))
            .collect();
        let keep_motions: Vec<bool> = reasons.iter().map(Option::is_none).collect();
        let all_members = vec![true; data.members.len()];
        let votes_before = data.votes.len();
        let mut kept = data.subset(&keep_motions, &all_members);
        kept.stats.skip(
            "votes on motions outside the filter",
            votes_before - kept.votes.len(),
        );
        for reason in LeftOut::ALL {
            let ids: Vec<String> = data
                .motions
                .iter()
                .zip(&reasons)
                .filter(|(_, r)| **r == Some(reason))
                .map(|(m, _)| m.id.clone())
                .collect();
            if !ids.is_empty() {
                kept.stats.leave_out(&self.describe(reason), ids);
            }
        }
        let undated = reasons
            .iter()
            .filter(|r| **r == Some(LeftOut::Undated))
            .count();
        if undated > 0 {
            kept.stats.warnings.push(format!(
                "{undated} motion(s) without a date left out by --from/--to"
            ));
        }
        if self.min_votes > 0 {
            kept = self.without_few_votes(kept);
        }
        kept.stats.filter = self.resolved();
        kept
    }

    /// The filter's options as it applies them: bounds as full dates (`--from 1990` is
    /// 1990-01-01, `--to 1990` 1990-12-31), sessions sorted once each; options left at their
    /// default are not listed.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::model::Filter;
    /// let filter = Filter { to: Some("2015".into()), sessions: vec![70, 69, 70], ..Filter::default() };
    /// assert_eq!(
    ///     filter.resolved(),
    ///     vec![("--to".to_string(), "2015-12-31".to_string()), ("--session".into(), "69,70".into())]
    /// );
    /// ```
    pub fn resolved(&self) -> Vec<(String, String)> {
        let mut sessions = self.sessions.clone();
        sessions.sort_unstable();
        sessions.dedup();
        let sessions: Vec<String> = sessions.iter().map(u32::to_string).collect();
        let from = self.from.as_deref().map(|f| match f.len() {
            4 => format!("{f}-01-01"),
            7 => format!("{f}-01"),
            _ => f.to_string(),
        });
        let listed: [(&str, Option<String>); 8] = [
            ("--from", from),
            ("--to", self.to.as_deref().map(upper_bound)),
            (
                "--session",
                (!sessions.is_empty()).then(|| sessions.join(",")),
            ),
            (
                "--issue",
                (!self.issues.is_empty()).then(|| self.issues.join(",")),
            ),
            ("--important", self.important.then(|| "true".to_string())),
            ("--chamber", self.chamber.clone()),
            (
                "--min-minority",
                (self.min_minority > 0.0).then(|| self.min_minority.to_string()),
            ),
            (
                "--min-votes",
                (self.min_votes > 0).then(|| self.min_votes.to_string()),
            ),
        ];
        listed
            .into_iter()
            .filter_map(|(option, value)| Some((option.to_string(), value?)))
            .collect()
    }

    /// Why the filter leaves motion `m` out (`None`: kept), tested in [`LeftOut::ALL`]
    /// order: its date within `bounds` (from, inclusive upper bound; a motion without a date
    /// fails), session, issues, importance, chamber, then its (yes, no) counts when
    /// `--min-minority` is set.
    fn left_out_by(
        &self,
        m: &Motion,
        yes_no: Option<&(usize, usize)>,
        bounds: (Option<&str>, Option<&str>),
    ) -> Option<LeftOut> {
        let (from, to) = bounds;
        if from.is_some() || to.is_some() {
            let Some(date) = &m.date else {
                return Some(LeftOut::Undated);
            };
            if from.is_some_and(|f| date.as_str() < f) || to.is_some_and(|t| date.as_str() > t) {
                return Some(LeftOut::Dates);
            }
        }
        if !self.sessions.is_empty() && !m.session.is_some_and(|s| self.sessions.contains(&s)) {
            return Some(LeftOut::Session);
        }
        if !self.issues.is_empty()
            && !m
                .issues
                .iter()
                .any(|i| self.issues.iter().any(|w| w.eq_ignore_ascii_case(i)))
        {
            return Some(LeftOut::Issue);
        }
        if self.important && !m.important {
            return Some(LeftOut::Important);
        }
        if let Some(chamber) = &self.chamber
            && !m
                .chamber
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(chamber))
        {
            return Some(LeftOut::Chamber);
        }
        if let Some(&(yes, no)) = yes_no {
            let cast = yes + no;
            if cast == 0 || (yes.min(no) as f64) < self.min_minority * cast as f64 {
                return Some(LeftOut::Lopsided);
            }
        }
        None
    }

    /// The reason recorded for the motions left out by `reason` (see
    /// [`IngestStats::motions_left_out`](crate::model::IngestStats::motions_left_out)), with
    /// the option's value.
    fn describe(&self, reason: LeftOut) -> String {
        match reason {
            LeftOut::Lopsided => format!(
                "lopsided: the minority of yes and no below --min-minority {}",
                self.min_minority
            ),
            LeftOut::Undated => "no date, and --from/--to given".to_string(),
            LeftOut::Dates => format!(
                "dated outside --from {} --to {}",
                self.from.as_deref().unwrap_or("…"),
                self.to.as_deref().unwrap_or("…")
            ),
            LeftOut::Session => {
                // As resolved: sorted, each once.
                let sessions = self.resolved().into_iter().find(|(o, _)| o == "--session");
                format!(
                    "not of --session {}",
                    sessions.map(|(_, s)| s).unwrap_or_default()
                )
            }
            LeftOut::Issue => format!("on none of --issue {}", self.issues.join(",")),
            LeftOut::Important => "not marked important (--important)".to_string(),
            LeftOut::Chamber => {
                format!("not of --chamber {}", self.chamber.as_deref().unwrap_or(""))
            }
        }
    }

    /// Whether the motions left out for `reason` (a reason of
    /// [`IngestStats::motions_left_out`](crate::model::IngestStats::motions_left_out)) are worth
    /// listing one by one: those the filter judged on their votes or their missing date. The
    /// others are what an option selects against (another session, another chamber), told
    /// well enough by their number.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::model::Filter;
    /// assert!(Filter::lists_ids("lopsided: the minority of yes and no below --min-minority 0.1"));
    /// assert!(!Filter::lists_ids("not of --session 70"));
    /// ```
    pub fn lists_ids(reason: &str) -> bool {
        reason.starts_with("lopsided") || reason.starts_with("no date")
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
    fn every_motion_left_out_is_recorded_with_its_reason_and_the_filter_as_applied() {
        // Motions 1–3: A yes, B absent (no minority at all); motion 4: both yes.
        let f = Filter {
            sessions: vec![56, 45],
            issues: vec!["me".into(), "nu".into()],
            min_minority: 0.1,
            ..Filter::default()
        };
        let data = f.apply(dataset());
        assert!(ids(&data).is_empty());
        let left_out: Vec<(&str, Vec<&str>)> = data
            .stats
            .motions_left_out
            .iter()
            .map(|(r, ids)| (r.as_str(), ids.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            left_out,
            vec![
                ("not of --session 45,56", vec!["1"]),
                ("on none of --issue me,nu", vec!["2"]),
                (
                    "lopsided: the minority of yes and no below --min-minority 0.1",
                    vec!["3", "4"]
                ),
            ]
        );
        assert!(Filter::lists_ids(left_out[2].0) && !Filter::lists_ids(left_out[0].0));
        assert_eq!(
            data.stats.filter,
            vec![
                ("--session".to_string(), "45,56".to_string()),
                ("--issue".into(), "me,nu".into()),
                ("--min-minority".into(), "0.1".into()),
            ]
        );
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
