//! Bloc cohesion: the Rice index and the Hix–Noury–Roland Agreement Index, per bloc and motion.
//!
//! - Rice index (Rice 1925, "The behavior of legislative groups: a method of measurement",
//!   *Political Science Quarterly* 40(1):60–72): `|Y − N| / (Y + N)`, from 0 (evenly split) to 1
//!   (unanimous); abstentions are ignored.
//! - Agreement Index (Hix, Noury & Roland 2005, "Power to the parties: cohesion and competition
//!   in the European Parliament, 1979–2001", *British Journal of Political Science*
//!   35(2):209–234): `(max(Y,N,A) − ½((Y+N+A) − max(Y,N,A))) / (Y+N+A)`, from 0 (evenly split
//!   three ways) to 1 (unanimous); abstaining counts as a position of its own.
//!
//! Absent members are counted but enter neither index; members not members at the time are left
//! out altogether. An index whose denominator is 0 (e.g. the whole bloc was absent) is
//! undefined: `None` here, an empty cell in `cohesion.csv`.

use crate::model::{Dataset, Vote};

/// Why cohesion could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CohesionError {
    #[error(transparent)]
    Blocs(#[from] crate::model::BlocAssignmentError),
}

/// Rice index `|yes − no| / (yes + no)`; `None` when nobody voted yes or no.
///
/// # Examples
///
/// ```
/// use votebloc::cohesion::rice;
/// assert_eq!(rice(8, 2), Some(0.6));
/// assert_eq!(rice(0, 0), None);
/// ```
pub fn rice(yes: usize, no: usize) -> Option<f64> {
    let total = yes + no;
    (total > 0).then(|| yes.abs_diff(no) as f64 / total as f64)
}

/// Agreement Index `(max − ½(total − max)) / total` over yes, no and abstain; `None` when
/// nobody cast one of them.
///
/// # Examples
///
/// ```
/// use votebloc::cohesion::agreement_index;
/// assert_eq!(agreement_index(8, 1, 1), Some(0.7));
/// assert_eq!(agreement_index(2, 2, 2), Some(0.0));
/// assert_eq!(agreement_index(0, 0, 0), None);
/// ```
pub fn agreement_index(yes: usize, no: usize, abstain: usize) -> Option<f64> {
    let total = yes + no + abstain;
    let top = yes.max(no).max(abstain);
    (total > 0).then(|| (top as f64 - 0.5 * (total - top) as f64) / total as f64)
}

/// Vote counts of a bloc on a motion (or summed over motions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub yes: usize,
    pub no: usize,
    pub abstain: usize,
    pub absent: usize,
}

impl Counts {
    /// [`rice`] of these counts.
    pub fn rice(&self) -> Option<f64> {
        rice(self.yes, self.no)
    }

    /// [`agreement_index`] of these counts.
    pub fn agreement_index(&self) -> Option<f64> {
        agreement_index(self.yes, self.no, self.abstain)
    }

    fn add(&mut self, vote: Vote) {
        match vote {
            Vote::Yes => self.yes += 1,
            Vote::No => self.no += 1,
            Vote::Abstain => self.abstain += 1,
            Vote::Absent => self.absent += 1,
            Vote::NotMember => {}
        }
    }

    fn absorb(&mut self, other: &Counts) {
        self.yes += other.yes;
        self.no += other.no;
        self.abstain += other.abstain;
        self.absent += other.absent;
    }
}

/// Cohesion of one bloc on one motion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub bloc: u32,
    /// Index of the motion in [`Dataset::motions`].
    pub motion: usize,
    pub counts: Counts,
    pub rice: Option<f64>,
    pub agreement_index: Option<f64>,
}

/// Cohesion of one bloc over all motions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlocSummary {
    pub bloc: u32,
    /// Number of members in the bloc.
    pub size: usize,
    /// Counts summed over every motion.
    pub counts: Counts,
    /// Mean Rice index over the motions where it is defined; `None` when it is defined on none.
    pub rice: Option<f64>,
    /// Mean Agreement Index over the motions where it is defined.
    pub agreement_index: Option<f64>,
}

/// Cohesion of every bloc on every motion. Built by [`cohesion`].
#[derive(Debug, Clone, PartialEq)]
pub struct Cohesion {
    /// Number of motions (cells are `blocs × motions`).
    pub motions: usize,
    /// One entry per bloc 1..=k, in bloc order.
    pub blocs: Vec<BlocSummary>,
    /// Bloc-major: the cells of bloc b are `cells[(b − 1)·motions .. b·motions]`, motion order.
    pub cells: Vec<Cell>,
}

/// Computes the Rice index and the Agreement Index of every bloc on every motion, and their
/// means per bloc.
///
/// `blocs` holds one bloc number per member in member order (1 = largest bloc; 0 = no bloc:
/// the member is left out). Blocs are 1..=k with k the largest number given; a number with no
/// member gets rows with zero counts and undefined indices.
///
/// Order: bloc, then motion.
///
/// # Complexity
///
/// O(V + k·M) for V votes, M motions and k blocs.
///
/// # Examples
///
/// ```
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// use votebloc::cohesion::cohesion;
/// let mut b = DatasetBuilder::new("example");
/// let m = b.motion(Motion::new("1"));
/// for (code, vote) in [("A", Vote::Yes), ("B", Vote::Yes), ("C", Vote::No), ("D", Vote::Absent)] {
///     let member = b.member(Member::new(code, code));
///     b.push(m, member, vote, None, 0).unwrap();
/// }
/// let result = cohesion(&b.finish().unwrap(), &[1, 1, 1, 1]).unwrap();
/// let cell = result.cell(1, 0).unwrap();
/// assert_eq!(cell.rice, Some(1.0 / 3.0));
/// assert_eq!(cell.agreement_index, Some(0.5));
/// assert_eq!(cell.counts.absent, 1);
/// ```
pub fn cohesion(data: &Dataset, blocs: &[u32]) -> Result<Cohesion, CohesionError> {
    let bloc_count = crate::model::check_blocs(data, blocs)?;
    let motions = data.motions.len();
    let mut counts = vec![Counts::default(); bloc_count * motions];
    for record in &data.votes {
        let bloc = blocs[record.member as usize] as usize;
        if bloc > 0 {
            counts[(bloc - 1) * motions + record.motion as usize].add(record.vote);
        }
    }
    let mut sizes = vec![0usize; bloc_count];
    for &bloc in blocs.iter().filter(|&&b| b > 0) {
        sizes[bloc as usize - 1] += 1;
    }
    let cells: Vec<Cell> = counts
        .iter()
        .enumerate()
        .map(|(i, c)| Cell {
            bloc: (i / motions.max(1)) as u32 + 1,
            motion: i % motions.max(1),
            counts: *c,
            rice: c.rice(),
            agreement_index: c.agreement_index(),
        })
        .collect();
    let mean = |values: &mut dyn Iterator<Item = f64>| {
        let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        (n > 0).then(|| sum / n as f64)
    };
    let summaries = (0..bloc_count)
        .map(|b| {
            let own = &cells[b * motions..(b + 1) * motions];
            let mut total = Counts::default();
            own.iter().for_each(|c| total.absorb(&c.counts));
            BlocSummary {
                bloc: b as u32 + 1,
                size: sizes[b],
                counts: total,
                rice: mean(&mut own.iter().filter_map(|c| c.rice)),
                agreement_index: mean(&mut own.iter().filter_map(|c| c.agreement_index)),
            }
        })
        .collect();
    Ok(Cohesion {
        motions,
        blocs: summaries,
        cells,
    })
}

impl Cohesion {
    /// The cells of `bloc` (1-based), motion order; empty for an unknown bloc.
    pub fn bloc_cells(&self, bloc: u32) -> &[Cell] {
        let b = bloc as usize;
        if b == 0 || b > self.blocs.len() {
            return &[];
        }
        &self.cells[(b - 1) * self.motions..b * self.motions]
    }

    /// The cell of `bloc` (1-based) on motion index `motion`.
    pub fn cell(&self, bloc: u32, motion: usize) -> Option<&Cell> {
        self.bloc_cells(bloc).get(motion)
    }

    /// The motions that divide `bloc` most: the `count` cells with the lowest defined Agreement
    /// Index, lowest first, ties by motion order.
    ///
    /// # Complexity
    ///
    /// O(M log M).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::{DatasetBuilder, Member, Motion, Vote};
    /// use votebloc::cohesion::cohesion;
    /// let mut b = DatasetBuilder::new("example");
    /// let m1 = b.motion(Motion::new("1"));
    /// let m2 = b.motion(Motion::new("2"));
    /// for (code, v1, v2) in [("A", Vote::Yes, Vote::Yes), ("B", Vote::Yes, Vote::No)] {
    ///     let member = b.member(Member::new(code, code));
    ///     b.push(m1, member, v1, None, 0).unwrap();
    ///     b.push(m2, member, v2, None, 0).unwrap();
    /// }
    /// let result = cohesion(&b.finish().unwrap(), &[1, 1]).unwrap();
    /// assert_eq!(result.least_cohesive(1, 1)[0].motion, 1);
    /// ```
    pub fn least_cohesive(&self, bloc: u32, count: usize) -> Vec<&Cell> {
        let mut defined: Vec<&Cell> = self
            .bloc_cells(bloc)
            .iter()
            .filter(|c| c.agreement_index.is_some())
            .collect();
        defined.sort_by(|a, b| {
            let (x, y) = (
                a.agreement_index.unwrap_or(0.0),
                b.agreement_index.unwrap_or(0.0),
            );
            x.total_cmp(&y).then(a.motion.cmp(&b.motion))
        });
        defined.truncate(count);
        defined
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlocAssignmentError, DatasetBuilder, Member, Motion};
    use Vote::{Absent as X, Abstain as A, No as N, NotMember as Z, Yes as Y};

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    /// Members A–F, motions m1–m3.
    fn dataset() -> Dataset {
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
        b.finish().unwrap()
    }

    #[test]
    fn indices_match_hand_computed_values() {
        let data = dataset();
        // Bloc 1 = A, B, C, D; bloc 2 = E, F.
        let result = cohesion(&data, &[1, 1, 1, 1, 2, 2]).unwrap();
        // Bloc 1, m1: Y=3, N=1, A=0: Rice 2/4; AI (3 − ½·1) / 4 = 0.625.
        let c = result.cell(1, 0).unwrap();
        assert_eq!(
            c.counts,
            Counts {
                yes: 3,
                no: 1,
                abstain: 0,
                absent: 0
            }
        );
        assert!(close(c.rice, 0.5));
        assert!(close(c.agreement_index, 0.625));
        // Bloc 1, m2: Y=2, N=1, A=1: Rice 1/3; AI (2 − ½·2) / 4 = 0.25.
        let c = result.cell(1, 1).unwrap();
        assert!(close(c.rice, 1.0 / 3.0));
        assert!(close(c.agreement_index, 0.25));
        // Bloc 1, m3: everyone absent or not a member: both undefined, 3 absent (C left out).
        let c = result.cell(1, 2).unwrap();
        assert_eq!((c.rice, c.agreement_index), (None, None));
        assert_eq!(c.counts.absent, 3);
        assert_eq!(c.counts.yes + c.counts.no + c.counts.abstain, 0);
        // Bloc 2, m1: N=1, A=1: Rice 1; AI (1 − ½) / 2 = 0.25.
        let c = result.cell(2, 0).unwrap();
        assert!(close(c.rice, 1.0));
        assert!(close(c.agreement_index, 0.25));
        // Bloc 2, m3: Y=1, N=1: Rice 0, AI (1 − ½) / 2 = 0.25.
        let c = result.cell(2, 2).unwrap();
        assert!(close(c.rice, 0.0));
        assert!(close(c.agreement_index, 0.25));

        // Means over defined motions only: bloc 1 over m1, m2.
        let s = &result.blocs[0];
        assert_eq!(s.size, 4);
        assert!(close(s.rice, (0.5 + 1.0 / 3.0) / 2.0));
        assert!(close(s.agreement_index, (0.625 + 0.25) / 2.0));
        assert_eq!(
            s.counts,
            Counts {
                yes: 5,
                no: 2,
                abstain: 1,
                absent: 3
            }
        );
        // Least cohesive for bloc 1: m2 then m1; m3 (undefined) never listed.
        let least: Vec<usize> = result
            .least_cohesive(1, 5)
            .iter()
            .map(|c| c.motion)
            .collect();
        assert_eq!(least, vec![1, 0]);
        // Bloc 2, m2: N=2: AI 1; ties on 0.25 between m1 and m3 broken by motion order.
        let least: Vec<usize> = result
            .least_cohesive(2, 2)
            .iter()
            .map(|c| c.motion)
            .collect();
        assert_eq!(least, vec![0, 2]);
    }

    #[test]
    fn bad_blocs_are_rejected_and_no_blocs_gives_nothing() {
        let data = dataset();
        assert_eq!(
            cohesion(&data, &[1, 1]),
            Err(CohesionError::Blocs(BlocAssignmentError::Length {
                expected: 6,
                found: 2
            }))
        );
        let err = cohesion(&data, &[1, 1, 1, 1, 1, 9])
            .unwrap_err()
            .to_string();
        assert!(err.contains("member F"), "{err}");
        let empty = cohesion(&data, &[0; 6]).unwrap();
        assert!(empty.blocs.is_empty() && empty.cells.is_empty());
        assert!(empty.least_cohesive(1, 3).is_empty());
    }
}
