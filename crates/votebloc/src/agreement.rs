//! How often each member votes with a reference member (or several), period by period: the
//! US State Department's *voting coincidence* and the other similarity indices, with the
//! counts behind them.
//!
//! The counts follow the State Department's annual report to Congress, *Voting Practices in
//! the United Nations* (US Department of State, Bureau of International Organization
//! Affairs), which tabulates for every member its votes against the United States' on the
//! recorded plenary votes of a calendar year:
//!
//! - `same`: identical votes, both yes or both no;
//! - `opposite`: one yes, the other no;
//! - `partial`: neither absent and at least one abstained;
//! - `absent`: at least one of the two was absent (entitled to vote but did not vote).
//!
//! and the *voting coincidence* `same / (same + opposite)`: abstentions and absences are left
//! out. Motions on which either of the two was not a member of the body are in no count.
//!
//! unvotes (like the Voeten data it comes from) records no absences: a UN member state with no
//! record on a dated motion while it was a UN member that day (by the country registry's
//! admission dates) is counted absent, so that `absent` has the State Department's meaning on
//! those data too. It changes no index value: every index leaves absences out.

use crate::countries::{self, Country};
use crate::matrix::{ABSENT, ABSTAIN, MatrixError, NO, NOT_MEMBER, VoteMatrix, YES, code_of};
use crate::model::{Dataset, PeriodBy};
use crate::similarity::{self, Index, SimilarityError, SimilarityParams};
use ndarray::Array2;
use rayon::prelude::*;

/// Errors of [`resolve`] and [`run`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    /// A reference member that is not in the data (by code or by name).
    #[error("{text:?} is not a member of the data; closest known codes: {}", closest.join(", "))]
    UnknownMember { text: String, closest: Vec<String> },
    /// No reference member given.
    #[error("no reference member given (--with CODE[,CODE…])")]
    NoReference,
    /// `by` asks for a period no motion has (`--by year` on data without dates).
    #[error(
        "no motion has a {what} ({motions} motions), so they cannot be grouped by {by}{hint}",
        what = period_field(*by),
        hint = period_hint(*by)
    )]
    NoPeriods { by: PeriodBy, motions: usize },
    #[error(transparent)]
    Matrix(#[from] MatrixError),
    #[error(transparent)]
    Similarity(#[from] SimilarityError),
}

impl AgreementError {
    /// True when the error comes from the data not holding what was asked for (an unknown
    /// member): the CLI exits with code 3.
    pub fn is_invalid_data(&self) -> bool {
        matches!(self, AgreementError::UnknownMember { .. })
    }

    /// True when the error comes from the options (no reference, a period the data lack).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            AgreementError::NoReference | AgreementError::NoPeriods { .. }
        )
    }
}

fn period_field(by: PeriodBy) -> &'static str {
    match by {
        PeriodBy::Year => "date",
        PeriodBy::Session => "session",
        PeriodBy::Congress => "congress",
    }
}

fn period_hint(by: PeriodBy) -> &'static str {
    match by {
        PeriodBy::Year | PeriodBy::Session => {
            " (unvotes and Voeten's data need --roll-calls for dates and sessions)"
        }
        PeriodBy::Congress => "",
    }
}

/// Parameters of [`run`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementParams {
    /// The reference members, by index in the dataset (see [`resolve`]), in output order.
    pub with: Vec<usize>,
    /// Periods; `None`: one period over every motion.
    pub by: Option<PeriodBy>,
    /// The index of the `value` column.
    pub index: Index,
}

/// One member against one reference member in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The member, by index in the dataset.
    pub member: usize,
    /// The reference member, by index in the dataset.
    pub with: usize,
    /// The period (`None` when the rows are not by period).
    pub period: Option<u32>,
    /// The index value over the motions both cast; `None` when there is none to compare
    /// (no shared yes/no vote for `coincidence`).
    pub value: Option<f64>,
    pub same: u32,
    pub opposite: u32,
    pub partial: u32,
    pub absent: u32,
}

impl Row {
    /// Motions on which both were members: `same + opposite + partial + absent`.
    pub fn votes(&self) -> u32 {
        self.same + self.opposite + self.partial + self.absent
    }
}

/// The result of [`run`].
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    pub index: Index,
    pub by: Option<PeriodBy>,
    /// Ordered by reference (in [`AgreementParams::with`] order), member (dataset order, that
    /// is by code), period. A member appears in a period only when it was a member of the
    /// body on at least one of the period's motions, and so was the reference.
    pub rows: Vec<Row>,
    /// Periods in which a reference member was not a member of the body: (reference, period).
    pub reference_missing: Vec<(usize, Option<u32>)>,
    /// Motions without the period key (no date, no session), left out.
    pub motions_without_period: usize,
}

/// The member `text` names: its code (exactly, then ignoring case) or its name (ignoring
/// case).
///
/// # Errors
/// [`AgreementError::UnknownMember`] with the five closest member codes (edit distance to the
/// codes and the names, ties by code).
///
/// # Complexity
/// O(members) for a known code; O(members · L²) to find the closest ones.
///
/// # Examples
/// ```
/// use votebloc::agreement::resolve;
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// let mut b = DatasetBuilder::new("x");
/// let m = b.motion(Motion::new("1"));
/// for (code, name) in [("USA", "United States"), ("RUS", "Russian Federation")] {
///     let member = b.member(Member::new(code, name));
///     b.push(m, member, Vote::Yes, None, 0).unwrap();
/// }
/// let data = b.finish().unwrap();
/// assert_eq!(resolve(&data, "usa"), Ok(1));
/// assert_eq!(resolve(&data, "Russian federation"), Ok(0));
/// let err = resolve(&data, "USR").unwrap_err();
/// assert!(err.to_string().contains("USA"));
/// ```
pub fn resolve(data: &Dataset, text: &str) -> Result<usize, AgreementError> {
    let wanted = text.trim();
    if let Some(i) = data.member_index(wanted) {
        return Ok(i);
    }
    let found = data
        .members
        .iter()
        .position(|m| m.code.eq_ignore_ascii_case(wanted))
        .or_else(|| {
            data.members
                .iter()
                .position(|m| m.name.to_lowercase() == wanted.to_lowercase())
        });
    if let Some(i) = found {
        return Ok(i);
    }
    let upper = wanted.to_uppercase();
    let lower = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = data
        .members
        .iter()
        .map(|m| {
            let by_code = countries::edit_distance(&upper, &m.code.to_uppercase());
            let by_name = countries::edit_distance(&lower, &m.name.to_lowercase());
            (by_code.min(by_name), m.code.as_str())
        })
        .collect();
    scored.sort();
    Err(AgreementError::UnknownMember {
        text: wanted.to_string(),
        closest: scored
            .into_iter()
            .take(5)
            .map(|(_, code)| code.to_string())
            .collect(),
    })
}

/// How often every member voted with each reference member, period by period.
///
/// Takes the dataset and the parameters; returns one [`Row`] per member, reference and period
/// where both were members of the body (the reference itself left out), with the State
/// Department's counts and the chosen index, computed by [`similarity::compute`] on the same
/// votes (so the value equals the one in `similarity.csv` for the period's motions). A pair
/// with no vote to compare gets an empty value, not an error.
///
/// # Errors
/// [`AgreementError::NoReference`] without a reference; [`AgreementError::NoPeriods`] when
/// `by` is set and no motion has that period.
///
/// # Complexity
/// O(members × motions) to tabulate the votes, plus one [`similarity::compute`] per period
/// (O(n² × motions / 64) word operations); periods in parallel, results independent of the
/// number of threads.
///
/// # Examples
/// ```
/// use votebloc::agreement::{run, AgreementParams};
/// use votebloc::similarity::Index;
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// let mut b = DatasetBuilder::new("x");
/// let (a, r) = (b.member(Member::new("A", "A")), b.member(Member::new("R", "R")));
/// let votes = [(Vote::Yes, Vote::Yes), (Vote::No, Vote::Yes), (Vote::Abstain, Vote::No), (Vote::Absent, Vote::No)];
/// for (k, (va, vr)) in votes.into_iter().enumerate() {
///     let m = b.motion(Motion::new(k.to_string()));
///     b.push(m, a, va, None, 0).unwrap();
///     b.push(m, r, vr, None, 0).unwrap();
/// }
/// let data = b.finish().unwrap();
/// let params = AgreementParams { with: vec![1], by: None, index: Index::Coincidence };
/// let result = run(&data, &params).unwrap();
/// let row = &result.rows[0];
/// assert_eq!((row.same, row.opposite, row.partial, row.absent, row.votes()), (1, 1, 1, 1, 4));
/// assert_eq!(row.value, Some(0.5));
/// ```
pub fn run(data: &Dataset, params: &AgreementParams) -> Result<Agreement, AgreementError> {
    if params.with.is_empty() {
        return Err(AgreementError::NoReference);
    }
    let keys: Vec<Option<u32>> = match params.by {
        Some(by) => data.motions.iter().map(|m| by.key(m)).collect(),
        None => vec![Some(0); data.motions.len()],
    };
    let mut periods: Vec<u32> = keys.iter().flatten().copied().collect();
    periods.sort_unstable();
    periods.dedup();
    if let Some(by) = params.by
        && periods.is_empty()
    {
        return Err(AgreementError::NoPeriods {
            by,
            motions: data.motions.len(),
        });
    }
    let motions_without_period = keys.iter().filter(|k| k.is_none()).count();
    let states: Vec<Option<&'static Country>> = data
        .members
        .iter()
        .map(|m| countries::by_alpha3(&m.code))
        .collect();
    let per_period: Vec<Result<PeriodRows, AgreementError>> = periods
        .par_iter()
        .map(|&period| {
            let motions: Vec<usize> = (0..keys.len())
                .filter(|&k| keys[k] == Some(period))
                .collect();
            let codes = period_codes(data, &motions, &states);
            let label = params.by.map(|_| period);
            period_rows(data, codes, params, label)
        })
        .collect();
    let mut rows = Vec::new();
    let mut reference_missing = Vec::new();
    for result in per_period {
        let PeriodRows { rows: r, missing } = result?;
        rows.extend(r);
        reference_missing.extend(missing);
    }
    let position = |with: usize| params.with.iter().position(|&w| w == with);
    rows.sort_by_key(|r| (position(r.with), r.member, r.period));
    reference_missing.sort_by_key(|&(with, period)| (position(with), period));
    Ok(Agreement {
        index: params.index,
        by: params.by,
        rows,
        reference_missing,
        motions_without_period,
    })
}

/// The matrix codes of one period (members × its motions): recorded votes as they are, and
/// for a motion with no record, [`ABSENT`] when the member is a UN state that was a member on
/// the motion's date, [`NOT_MEMBER`] otherwise.
fn period_codes(
    data: &Dataset,
    motions: &[usize],
    states: &[Option<&'static Country>],
) -> Array2<u8> {
    const NONE: u8 = u8::MAX;
    let n = data.members.len();
    let mut codes = Array2::from_elem((n, motions.len()), NONE);
    let mut keep = vec![false; data.motions.len()];
    for &k in motions {
        keep[k] = true;
    }
    for (column, (motion, votes)) in data.votes_on_each(&keep).enumerate() {
        for record in votes {
            codes[(record.member as usize, column)] = code_of(record.vote);
        }
        let date = data.motions[motion].date.as_deref();
        for (member, state) in states.iter().enumerate() {
            let cell = &mut codes[(member, column)];
            if *cell == NONE {
                let member_then = matches!((state, date), (Some(s), Some(d)) if s.member_on(d));
                *cell = if member_then { ABSENT } else { NOT_MEMBER };
            }
        }
    }
    codes
}

struct PeriodRows {
    rows: Vec<Row>,
    missing: Vec<(usize, Option<u32>)>,
}

/// The rows of one period from its codes.
fn period_rows(
    data: &Dataset,
    codes: Array2<u8>,
    params: &AgreementParams,
    period: Option<u32>,
) -> Result<PeriodRows, AgreementError> {
    let n = data.members.len();
    let member_in = |i: usize| codes.row(i).iter().any(|&c| c != NOT_MEMBER);
    let present: Vec<bool> = (0..n).map(member_in).collect();
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    let references: Vec<usize> = params.with.iter().copied().filter(|&w| w < n).collect();
    if references.iter().all(|&w| !present[w]) {
        missing.extend(references.iter().map(|&w| (w, period)));
        return Ok(PeriodRows { rows, missing });
    }
    let matrix = VoteMatrix::from_codes(
        data.members.iter().map(|m| m.code.clone()).collect(),
        (0..codes.ncols()).map(|k| k.to_string()).collect(),
        codes,
    )?;
    let similarity =
        similarity::compute(&matrix, &SimilarityParams::new().with_index(params.index));
    // A period of no motion cannot happen (periods come from the motions); fewer motions
    // than the minimum of one shared motion neither.
    let similarity = similarity?;
    let codes = matrix.codes();
    for &with in &references {
        if !present[with] {
            missing.push((with, period));
            continue;
        }
        let reference = codes.row(with);
        for member in (0..n).filter(|&m| m != with && present[m]) {
            let mut row = Row {
                member,
                with,
                period,
                value: similarity.get(member, with),
                same: 0,
                opposite: 0,
                partial: 0,
                absent: 0,
            };
            for (&a, &b) in codes.row(member).iter().zip(reference) {
                match (a, b) {
                    (NOT_MEMBER, _) | (_, NOT_MEMBER) => {}
                    (ABSENT, _) | (_, ABSENT) => row.absent += 1,
                    (ABSTAIN, _) | (_, ABSTAIN) => row.partial += 1,
                    (YES, YES) | (NO, NO) => row.same += 1,
                    _ => row.opposite += 1,
                }
            }
            rows.push(row);
        }
    }
    Ok(PeriodRows { rows, missing })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DatasetBuilder, Member, Motion, Vote};

    /// Three UN states over two years; BRA missing from one 2019 record (absent: a member
    /// then), SSD with no record before its admission in 2011.
    fn data() -> Dataset {
        let mut b = DatasetBuilder::new("t");
        let usa = b.member(Member::new("USA", "United States"));
        let bra = b.member(Member::new("BRA", "Brazil"));
        let ssd = b.member(Member::new("SSD", "South Sudan"));
        let rows: [(&str, &str, [Option<Vote>; 3]); 4] = [
            ("1", "2010-10-01", [Some(Vote::Yes), Some(Vote::No), None]),
            ("2", "2010-11-01", [Some(Vote::Yes), Some(Vote::Yes), None]),
            ("3", "2019-10-01", [Some(Vote::No), None, Some(Vote::No)]),
            (
                "4",
                "2019-11-01",
                [Some(Vote::No), Some(Vote::Abstain), Some(Vote::Yes)],
            ),
        ];
        for (id, date, votes) in rows {
            let mut motion = Motion::new(id);
            motion.date = Some(date.to_string());
            let m = b.motion(motion);
            for (member, vote) in [usa, bra, ssd].into_iter().zip(votes) {
                if let Some(vote) = vote {
                    b.push(m, member, vote, None, 0).unwrap();
                }
            }
        }
        b.finish().unwrap()
    }

    #[test]
    fn counts_follow_the_state_department_and_non_members_have_no_row() {
        let data = data();
        let usa = data.member_index("USA").unwrap();
        let params = AgreementParams {
            with: vec![usa],
            by: Some(PeriodBy::Year),
            index: Index::Coincidence,
        };
        let result = run(&data, &params).unwrap();
        type Listed<'a> = (&'a str, Option<u32>, Option<f64>, [u32; 4]);
        let listed: Vec<Listed> = result
            .rows
            .iter()
            .map(|r| {
                (
                    data.members[r.member].code.as_str(),
                    r.period,
                    r.value,
                    [r.same, r.opposite, r.partial, r.absent],
                )
            })
            .collect();
        assert_eq!(
            listed,
            vec![
                ("BRA", Some(2010), Some(0.5), [1, 1, 0, 0]),
                // 2019: absent on 3 (no record while a member), abstained on 4: no value.
                ("BRA", Some(2019), None, [0, 0, 1, 1]),
                ("SSD", Some(2019), Some(0.5), [1, 1, 0, 0]),
            ]
        );
    }

    #[test]
    fn a_reference_absent_from_a_period_is_reported() {
        let data = data();
        let ssd = data.member_index("SSD").unwrap();
        let params = AgreementParams {
            with: vec![ssd],
            by: Some(PeriodBy::Year),
            index: Index::Agreement,
        };
        let result = run(&data, &params).unwrap();
        assert_eq!(result.reference_missing, vec![(ssd, Some(2010))]);
        assert!(result.rows.iter().all(|r| r.period == Some(2019)));
        // USA–SSD 2019: NN and NY → agreement ½.
        let usa = data.member_index("USA").unwrap();
        let row = result.rows.iter().find(|r| r.member == usa).unwrap();
        assert_eq!(row.value, Some(0.5));
    }

    #[test]
    fn periods_the_data_lack_are_an_error() {
        let mut data = data();
        for m in &mut data.motions {
            m.date = None;
        }
        let params = AgreementParams {
            with: vec![0],
            by: Some(PeriodBy::Year),
            index: Index::Coincidence,
        };
        let err = run(&data, &params).unwrap_err();
        assert!(err.is_usage());
        assert!(err.to_string().contains("date"), "{err}");
    }

    #[test]
    fn unknown_members_get_the_closest_codes() {
        let data = data();
        match resolve(&data, "USB") {
            Err(AgreementError::UnknownMember { closest, .. }) => {
                assert_eq!(closest[0], "USA")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(resolve(&data, "brazil"), Ok(0));
    }
}
