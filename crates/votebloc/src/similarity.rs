//! Agreement indices between members.
//!
//! Every index compares two members on the motions where both cast a vote (yes, no or
//! abstain); absences and non-membership are left out of every count. A pair sharing fewer
//! than [`SimilarityParams::min_common_votes`] such motions has no similarity.
//!
//! All pairwise counts are population counts over the bit planes of
//! [`VoteMatrix`]: for members `i`, `j` with planes `y`, `n`, `a`
//! and cast plane `c = y | n | a`,
//!
//! - shared motions: `#(c_i & c_j)`;
//! - same vote: `#((y_i & y_j) | (n_i & n_j) | (a_i & a_j))`;
//! - opposite votes (yes against no): `#((y_i & n_j) | (n_i & y_j))`;
//! - the remaining shared motions are one-step differences (abstain against yes or no).
//!
//! On the 0 / ½ / 1 scale the sum of `|a − b|` is therefore
//! `½·(shared − same − opposite) + 1·opposite`, kept in integer half-units until the one final
//! division, so every value is an exactly rounded quotient of integers: results are identical
//! whatever the number of threads.

use crate::ParamGuard;
use crate::choice::choice;
use crate::matrix::{BitPlanes, VoteMatrix};
use crate::params::valid_params;
use ndarray::{Array2, ArrayBase, ArrayView2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

choice! {
    /// Which similarity index to compute between two members.
    ///
    /// Values on the motions both members cast, with yes = 1, abstain = ½, no = 0:
    ///
    /// | index | value | range |
    /// |---|---|---|
    /// | `agreement` | mean of `1 − |a − b|` (Lijphart 1963; Voeten 2000) | 0 … 1 |
    /// | `identical` | share of motions with the same vote | 0 … 1 |
    /// | `kappa` | Cohen's kappa over yes / no / abstain (Cohen 1960; Häge 2011) | −1 … 1 |
    /// | `s-score` | `1 − 2·mean |a − b|` (Signorino & Ritter 1999, absolute distances, `d_max = 1`) | −1 … 1 |
    /// | `cosine` | cosine of yes = +1, abstain = 0, no = −1 vectors | −1 … 1 |
    /// | `coincidence` | identical yes/no votes over the motions where both voted yes or no (US Department of State) | 0 … 1 |
    ///
    /// Conventions for the degenerate cases:
    /// - `kappa` when the expected agreement is 1 (both members cast the same single category on
    ///   every shared motion, so they also agree on all of them): 1.
    /// - `cosine` with a zero vector (a member that abstained on every shared motion): 1 when both
    ///   vectors are zero (identical records), 0 when only one is (neither aligned nor opposed).
    /// - `coincidence` leaves abstentions out (and absences, like every index): a pair whose
    ///   shared motions all had an abstention has no value.
    ///
    /// References: A. Lijphart, "The analysis of bloc voting in the General Assembly", *American
    /// Political Science Review* 57(4), 1963; E. Voeten, "Clashes in the Assembly", *International
    /// Organization* 54(2), 2000; J. Cohen, "A coefficient of agreement for nominal scales",
    /// *Educational and Psychological Measurement* 20(1), 1960; F. M. Häge, "Choice or
    /// circumstance? Adjusting measures of foreign policy similarity for chance agreement",
    /// *Political Analysis* 19(3), 2011; C. S. Signorino & J. M. Ritter, "Tau-b or not tau-b:
    /// measuring the similarity of foreign policy positions", *International Studies Quarterly*
    /// 43(1), 1999; US Department of State, *Voting Practices in the United Nations*, annual
    /// report to Congress (voting coincidence: identical votes / (identical + opposite votes)).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::similarity::Index;
    /// assert_eq!(Index::default(), Index::Agreement);
    /// assert_eq!(Index::SScore.to_string(), "s-score");
    /// assert_eq!(Index::Kappa.range(), (-1.0, 1.0));
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Index {
        #[default]
        Agreement => "agreement", "Mean of 1 − |a − b| with yes = 1, abstain = ½, no = 0";
        Identical => "identical", "Share of shared motions with the same vote";
        Kappa => "kappa", "Cohen's kappa over the three categories";
        SScore => "s-score", "Signorino–Ritter S with absolute distances: 1 − 2·mean |a − b|";
        Cosine => "cosine", "Cosine of yes = +1, abstain = 0, no = −1 vectors";
        Coincidence => "coincidence", "US State Department voting coincidence: same yes/no over yes/no pairs";
    }
}

impl Index {
    /// The smallest and largest value the index can take.
    pub fn range(self) -> (f64, f64) {
        match self {
            Index::Agreement | Index::Identical | Index::Coincidence => (0.0, 1.0),
            Index::Kappa | Index::SScore | Index::Cosine => (-1.0, 1.0),
        }
    }
}

/// Errors of [`SimilarityParams`] and [`compute`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimilarityError {
    #[error("the minimum number of shared motions (--min-common) must be at least 1, found 0")]
    MinCommonZero,
    #[error(
        "the minimum number of shared motions (--min-common) is {min_common_votes} but there are only {n_motions} motions: no pair could have a similarity"
    )]
    MinCommonAboveMotions {
        min_common_votes: u32,
        n_motions: usize,
    },
    #[error("{n_members} members are too many for a dense similarity table")]
    TooManyMembers { n_members: usize },
    #[error(
        "a similarity table must be square with a count table of the same shape: found values {values:?} and counts {common:?}"
    )]
    BadShape {
        values: (usize, usize),
        common: (usize, usize),
    },
    #[error("the similarity table is not symmetric at ({row}, {column})")]
    NotSymmetric { row: usize, column: usize },
}

impl SimilarityError {
    /// True when the error comes from the parameters (the CLI reports it as a usage error).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SimilarityError::MinCommonZero | SimilarityError::MinCommonAboveMotions { .. }
        )
    }
}

/// Parameters of [`compute`].
///
/// Defaults: [`Index::Agreement`]; `min_common_votes` = 1 (any shared motion). One is the
/// default because a single report can hold only a handful of recorded votes (five in the
/// First Committee seed); raise it on long series, where pairs of members that overlapped on a
/// few votes only (a state joining late, a legislator serving briefly) get noisy values.
///
/// # Examples
///
/// ```
/// use votebloc::similarity::{Index, SimilarityParams};
/// let params = SimilarityParams::new().with_index(Index::Kappa).with_min_common_votes(20);
/// assert!(params.validate().is_ok());
/// assert!(SimilarityParams::new().with_min_common_votes(0).validate().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimilarityParams {
    /// The index to compute.
    pub index: Index,
    /// Fewest motions both members must have cast for the pair to have a similarity (≥ 1).
    pub min_common_votes: u32,
}

valid_params! {
    /// [`SimilarityParams`] checked ([`ParamGuard`]): what [`compute`] runs with.
    pub struct SimilarityValidParams(SimilarityParams) checked by SimilarityError;
}

impl Default for SimilarityParams {
    fn default() -> Self {
        SimilarityParams {
            index: Index::Agreement,
            min_common_votes: 1,
        }
    }
}

impl SimilarityParams {
    /// The defaults.
    pub fn new() -> SimilarityParams {
        SimilarityParams::default()
    }

    /// Sets the index.
    pub fn with_index(mut self, index: Index) -> SimilarityParams {
        self.index = index;
        self
    }

    /// Sets the fewest shared motions for a pair to have a similarity.
    pub fn with_min_common_votes(mut self, min_common_votes: u32) -> SimilarityParams {
        self.min_common_votes = min_common_votes;
        self
    }

    /// Checks the parameters on their own: `min_common_votes ≥ 1`.
    pub fn validate(&self) -> Result<(), SimilarityError> {
        if self.min_common_votes == 0 {
            return Err(SimilarityError::MinCommonZero);
        }
        Ok(())
    }

    /// Checks the parameters against a matrix: also `min_common_votes ≤` its number of motions.
    pub fn validate_for(&self, matrix: &VoteMatrix) -> Result<(), SimilarityError> {
        self.validate()?;
        self.check_motions(matrix)
    }

    /// The check that needs the matrix: `min_common_votes ≤` its number of motions.
    fn check_motions(&self, matrix: &VoteMatrix) -> Result<(), SimilarityError> {
        if self.min_common_votes as usize > matrix.n_motions() {
            return Err(SimilarityError::MinCommonAboveMotions {
                min_common_votes: self.min_common_votes,
                n_motions: matrix.n_motions(),
            });
        }
        Ok(())
    }
}

/// The similarity of every pair of members (rows of a [`VoteMatrix`], same order), held in
/// one of two forms:
///
/// - **dense** ([`compute`], [`Similarity::from_parts`]): a symmetric `n × n` table of values,
///   NaN where there is no similarity (fewer than `min_common_votes` shared motions; the
///   diagonal follows the same rule, so it is NaN for a member with fewer cast votes than that,
///   e.g. one that never voted), and the symmetric `n × n` table of shared-motion counts (the
///   diagonal is each member's number of cast votes); 12 bytes per pair;
/// - **on demand** ([`on_demand`]): the bit planes of the matrix only, each value computed
///   when asked for, by the same kernel and with the same rule, so every value is bit for bit
///   the one the dense form holds; O(n · M / 64) memory, what an analysis of more members than
///   a dense table can hold works with.
///
/// [`Similarity::get`], [`Similarity::common`], [`Similarity::row`], [`Similarity::pairs`]
/// and [`Similarity::pair_mean`] work in both forms; [`Similarity::values`] and
/// [`Similarity::commons`] only in the dense one.
#[derive(Debug, Clone)]
pub struct Similarity {
    index: Index,
    min_common_votes: u32,
    n: usize,
    tables: Option<Tables>,
    planes: Option<Arc<BitPlanes>>,
    /// [`Similarity::pair_mean`] once known: a pass over every pair, which the consumers ask
    /// for more than once, and which the row-wise nearest-neighbour pass computes on the way.
    pair_mean: OnceLock<Option<f64>>,
}

impl PartialEq for Similarity {
    /// The values compared, not whether the mean was computed yet.
    fn eq(&self, other: &Similarity) -> bool {
        self.index == other.index
            && self.min_common_votes == other.min_common_votes
            && self.n == other.n
            && self.tables == other.tables
            && self.planes == other.planes
    }
}

/// The two `n × n` tables of the dense form.
#[derive(Debug, Clone, PartialEq)]
struct Tables {
    values: Array2<f64>,
    common: Array2<u32>,
}

/// One pair of a [`Similarity`] table, as listed by [`Similarity::pairs`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// Row of the first member (`a < b`).
    pub a: usize,
    /// Row of the second member.
    pub b: usize,
    /// The similarity, `None` when the pair shares too few motions.
    pub similarity: Option<f64>,
    /// Number of motions both cast.
    pub common: u32,
}

/// A square table of similarities read one row at a time (members in matrix order, NaN = no
/// similarity): a dense `ndarray` view, or a [`Similarity`] in either form. What the consumers
/// that need whole rows (swing bridges, silhouettes) take, so that they work without an
/// `n × n` table.
pub trait SimilarityRows: Sync {
    /// Rows and columns.
    fn dim(&self) -> (usize, usize);

    /// Writes row `row` into `out` (`out[j]` for column `j`, as many as both have).
    fn row_into(&self, row: usize, out: &mut [f64]);
}

impl SimilarityRows for ArrayView2<'_, f64> {
    fn dim(&self) -> (usize, usize) {
        ArrayBase::dim(self)
    }

    fn row_into(&self, row: usize, out: &mut [f64]) {
        for (slot, &value) in out.iter_mut().zip(self.row(row)) {
            *slot = value;
        }
    }
}

impl SimilarityRows for Similarity {
    fn dim(&self) -> (usize, usize) {
        (self.n, self.n)
    }

    fn row_into(&self, row: usize, out: &mut [f64]) {
        self.row(row, out);
    }
}

impl<T: SimilarityRows + ?Sized> SimilarityRows for &T {
    fn dim(&self) -> (usize, usize) {
        (**self).dim()
    }

    fn row_into(&self, row: usize, out: &mut [f64]) {
        (**self).row_into(row, out);
    }
}

impl Similarity {
    /// Wraps tables computed elsewhere (e.g. a table read back from `similarity.csv`, or a
    /// hand-made one in tests): a dense similarity. `values` uses NaN for "no similarity"; both
    /// tables must be square, of the same shape and symmetric (NaN matching NaN).
    ///
    /// # Errors
    ///
    /// [`SimilarityError::BadShape`], [`SimilarityError::NotSymmetric`] (naming the first
    /// asymmetric cell in row-major order).
    ///
    /// # Complexity
    ///
    /// O(n²).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::similarity::{Index, Similarity};
    /// let values = ndarray::array![[1.0, 0.25], [0.25, 1.0]];
    /// let common = ndarray::array![[4, 3], [3, 5]];
    /// let s = Similarity::from_parts(Index::Agreement, 1, values, common).unwrap();
    /// assert_eq!(s.get(1, 0), Some(0.25));
    /// assert!(s.is_dense());
    /// ```
    pub fn from_parts(
        index: Index,
        min_common_votes: u32,
        values: Array2<f64>,
        common: Array2<u32>,
    ) -> Result<Similarity, SimilarityError> {
        let (rows, columns) = values.dim();
        if rows != columns || values.dim() != common.dim() {
            return Err(SimilarityError::BadShape {
                values: values.dim(),
                common: common.dim(),
            });
        }
        for row in 0..rows {
            for column in row + 1..rows {
                let (a, b) = (values[(row, column)], values[(column, row)]);
                let same_value = a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
                if !same_value || common[(row, column)] != common[(column, row)] {
                    return Err(SimilarityError::NotSymmetric { row, column });
                }
            }
        }
        Ok(Similarity {
            index,
            min_common_votes,
            n: rows,
            tables: Some(Tables { values, common }),
            planes: None,
            pair_mean: OnceLock::new(),
        })
    }

    /// Number of members.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The index the values were computed with.
    pub fn index(&self) -> Index {
        self.index
    }

    /// The `min_common_votes` the values were computed with.
    pub fn min_common_votes(&self) -> u32 {
        self.min_common_votes
    }

    /// True for the dense form (the `n × n` tables are held), false for the on-demand form.
    pub fn is_dense(&self) -> bool {
        self.tables.is_some()
    }

    /// The similarity (`None` when undefined) and the shared-motion count of members `i`, `j`,
    /// both in range.
    fn pair(&self, i: usize, j: usize) -> (Option<f64>, u32) {
        match (&self.tables, &self.planes) {
            (Some(tables), _) => (
                Some(tables.values[(i, j)]).filter(|v| !v.is_nan()),
                tables.common[(i, j)],
            ),
            (None, Some(planes)) => {
                let (value, shared) = pair_value(planes, self.index, i, j);
                let defined = shared >= self.min_common_votes && !value.is_nan();
                (defined.then_some(value), shared)
            }
            (None, None) => (None, 0),
        }
    }

    /// The similarity of members `i` and `j`, `None` when undefined or out of range.
    ///
    /// # Complexity
    ///
    /// O(1) in the dense form, O(M / 64) for M motions on demand.
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        if i >= self.n || j >= self.n {
            return None;
        }
        self.pair(i, j).0
    }

    /// Number of motions both `i` and `j` cast (0 when out of range).
    ///
    /// # Complexity
    ///
    /// O(1) in the dense form, O(M / 64) for M motions on demand.
    pub fn common(&self, i: usize, j: usize) -> u32 {
        if i >= self.n || j >= self.n {
            return 0;
        }
        self.pair(i, j).1
    }

    /// Writes row `i` into `out`: `out[j]` is the similarity of `i` and `j`, NaN when
    /// undefined, for the `j < min(n, out.len())`; nothing is written when `i` is out of range.
    /// The values are those of [`Similarity::get`], bit for bit, in either form.
    ///
    /// # Complexity
    ///
    /// O(n) in the dense form, O(n · M / 64) on demand.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::matrix::{VoteMatrix, YES, NO, ABSENT};
    /// use votebloc::similarity::{compute, on_demand, SimilarityParams};
    /// let codes = ndarray::array![[YES, YES, NO], [YES, NO, NO], [ABSENT, ABSENT, ABSENT]];
    /// let ids = |n: usize| (0..n).map(|k| k.to_string()).collect::<Vec<_>>();
    /// let m = VoteMatrix::from_codes(ids(3), ids(3), codes).unwrap();
    /// let params = SimilarityParams::new();
    /// let (dense, rows) = (compute(&m, &params).unwrap(), on_demand(&m, &params).unwrap());
    /// let (mut a, mut b) = (vec![0.0; 3], vec![0.0; 3]);
    /// dense.row(0, &mut a);
    /// rows.row(0, &mut b);
    /// assert_eq!(&a[..2], &[1.0, 2.0 / 3.0]);
    /// assert!(a[2].is_nan() && b[2].is_nan());
    /// assert_eq!(&a[..2], &b[..2]);
    /// ```
    pub fn row(&self, i: usize, out: &mut [f64]) {
        if i >= self.n {
            return;
        }
        let columns = self.n.min(out.len());
        let out = &mut out[..columns];
        match (&self.tables, &self.planes) {
            (Some(tables), _) => {
                for (slot, &value) in out.iter_mut().zip(tables.values.row(i)) {
                    *slot = value;
                }
            }
            (None, Some(planes)) => {
                let row = Row {
                    planes,
                    index: self.index,
                    min_common: self.min_common_votes,
                };
                row.fill(i, 0, out, &mut []);
            }
            (None, None) => out.fill(f64::NAN),
        }
    }

    /// The dense symmetric table of values (NaN = no similarity); `None` in the on-demand form.
    pub fn values(&self) -> Option<&Array2<f64>> {
        self.tables.as_ref().map(|tables| &tables.values)
    }

    /// The dense symmetric table of shared-motion counts; `None` in the on-demand form.
    pub fn commons(&self) -> Option<&Array2<u32>> {
        self.tables.as_ref().map(|tables| &tables.common)
    }

    /// Every pair `a < b`, in row-major order: (0,1), (0,2), …, (1,2), ….
    ///
    /// # Complexity
    ///
    /// O(n²) in all (times M / 64 on demand).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::similarity::{Index, Similarity};
    /// let values = ndarray::array![[1.0, 0.5, f64::NAN], [0.5, 1.0, 0.7], [f64::NAN, 0.7, 1.0]];
    /// let common = ndarray::array![[3, 2, 0], [2, 3, 3], [0, 3, 3]];
    /// let s = Similarity::from_parts(Index::Agreement, 1, values, common).unwrap();
    /// let listed: Vec<_> = s.pairs().map(|p| (p.a, p.b, p.similarity, p.common)).collect();
    /// assert_eq!(listed, vec![(0, 1, Some(0.5), 2), (0, 2, None, 0), (1, 2, Some(0.7), 3)]);
    /// assert_eq!(s.pair_mean(), Some(0.6));
    /// ```
    pub fn pairs(&self) -> impl Iterator<Item = Pair> + '_ {
        let n = self.n();
        (0..n).flat_map(move |a| {
            (a + 1..n).map(move |b| {
                let (similarity, common) = self.pair(a, b);
                Pair {
                    a,
                    b,
                    similarity,
                    common,
                }
            })
        })
    }

    /// Mean similarity over all defined pairs `a < b` (the diagonal left out); `None` when no
    /// pair is defined. The dense form sums in [`Similarity::pairs`] order; the on-demand form
    /// sums each row's pairs in that order on several threads, then the rows' sums in row
    /// order, so it is deterministic too, but may differ from the dense form's mean in the last
    /// bits.
    ///
    /// # Complexity
    ///
    /// O(n²) (times M / 64 on demand).
    pub fn pair_mean(&self) -> Option<f64> {
        *self.pair_mean.get_or_init(|| {
            if self.is_dense() {
                let (sum, count) = self
                    .pairs()
                    .filter_map(|p| p.similarity)
                    .fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
                (count > 0).then(|| sum / count as f64)
            } else {
                let n = self.n;
                let rows: Vec<(f64, usize)> = (0..n)
                    .into_par_iter()
                    .map_init(
                        || vec![f64::NAN; n],
                        |row, a| {
                            self.row(a, row);
                            right_of_diagonal(row, a)
                        },
                    )
                    .collect();
                mean_of_rows(&rows)
            }
        })
    }

    /// Keeps the mean of the pairs from `rows`, the [`right_of_diagonal`] sums of every row in
    /// row order, as a pass over the rows computed them on the way (the on-demand form's
    /// [`Similarity::pair_mean`] is then not computed again; the dense form sums in another
    /// order and ignores them).
    pub(crate) fn remember_pair_mean(&self, rows: &[(f64, usize)]) {
        if !self.is_dense() && rows.len() == self.n {
            let _ = self.pair_mean.set(mean_of_rows(rows));
        }
    }
}

/// The sum and the number of the defined values of `row` right of its diagonal (columns after
/// `a`), summed in column order: one row's share of [`Similarity::pair_mean`] in the on-demand
/// form.
pub(crate) fn right_of_diagonal(row: &[f64], a: usize) -> (f64, usize) {
    row.get(a + 1..)
        .unwrap_or(&[])
        .iter()
        .filter(|v| !v.is_nan())
        .fold((0.0, 0usize), |(s, c), &v| (s + v, c + 1))
}

/// The mean of the pairs from the [`right_of_diagonal`] sums of every row, in row order.
fn mean_of_rows(rows: &[(f64, usize)]) -> Option<f64> {
    let (sum, count) = rows
        .iter()
        .fold((0.0, 0usize), |(s, c), &(rs, rc)| (s + rs, c + rc));
    (count > 0).then(|| sum / count as f64)
}

/// Computes the chosen index for every pair of members of `matrix`: the dense form of
/// [`Similarity`].
///
/// Takes the matrix and the parameters (validated here, see
/// [`SimilarityParams::validate_for`]); returns the `n × n` tables (see [`Similarity`]), rows
/// and columns in the matrix's member order. Rows are processed in parallel (rayon) and each
/// pair independently, with integer counts and one final division, so the result is
/// bit-identical for any number of threads.
///
/// # Errors
///
/// `min_common_votes` 0 or above the number of motions (usage errors), or a member count whose `n²`
/// table cannot be addressed.
///
/// # Complexity
///
/// O(n² / 2 × motions / 64) word operations at most (3 to 6 population counts per word, by index;
/// only the words where both members were active are read) and O(n²) memory for the two tables (12
/// bytes per pair). Timings in `BENCHMARKS.md`.
///
/// # Examples
///
/// ```
/// use votebloc::matrix::{VoteMatrix, YES, NO, ABSTAIN, ABSENT};
/// use votebloc::similarity::{compute, Index, SimilarityParams};
/// let codes = ndarray::array![[YES, YES, NO, ABSENT], [YES, ABSTAIN, NO, YES]];
/// let m = VoteMatrix::from_codes(vec!["A".into(), "B".into()], (1..=4).map(|k| k.to_string()).collect(), codes).unwrap();
/// let s = compute(&m, &SimilarityParams::new()).unwrap();
/// // shared motions 1..3: |1−1| + |1−½| + |0−0| = ½ → agreement 1 − ½/3 = 5/6
/// assert_eq!(s.get(0, 1), Some(5.0 / 6.0));
/// assert_eq!(s.common(0, 1), 3);
/// let k = compute(&m, &SimilarityParams::new().with_index(Index::Identical)).unwrap();
/// assert_eq!(k.get(1, 0), Some(2.0 / 3.0));
/// ```
pub fn compute<P>(matrix: &VoteMatrix, params: &P) -> Result<Similarity, SimilarityError>
where
    P: ParamGuard<Checked = SimilarityValidParams, Error = SimilarityError>,
{
    let params = params.check_ref()?;
    params.check_motions(matrix)?;
    let n = matrix.n_members();
    let cells = n
        .checked_mul(n)
        .filter(|&c| c <= isize::MAX as usize / std::mem::size_of::<f64>())
        .ok_or(SimilarityError::TooManyMembers { n_members: n })?;
    let mut values = vec![f64::NAN; cells];
    let mut common = vec![0u32; cells];
    let planes = matrix.planes();
    let index = params.index;
    let min_common = params.min_common_votes;
    if n > 0 {
        // One task per row; rayon's work stealing balances the shrinking rows (row i has
        // n − i pairs). Only the upper triangle is computed, then mirrored.
        let row = Row {
            planes,
            index,
            min_common,
        };
        values
            .par_chunks_mut(n)
            .zip(common.par_chunks_mut(n))
            .enumerate()
            .for_each(|(i, (value_row, common_row))| row.fill(i, i, value_row, common_row));
        for i in 0..n {
            for j in 0..i {
                values[i * n + j] = values[j * n + i];
                common[i * n + j] = common[j * n + i];
            }
        }
    }
    let too_many = || SimilarityError::TooManyMembers { n_members: n };
    Ok(Similarity {
        index,
        min_common_votes: min_common,
        n,
        tables: Some(Tables {
            values: Array2::from_shape_vec((n, n), values).map_err(|_| too_many())?,
            common: Array2::from_shape_vec((n, n), common).map_err(|_| too_many())?,
        }),
        planes: Some(matrix.shared_planes()),
        pair_mean: OnceLock::new(),
    })
}

/// The on-demand form of [`Similarity`] for `matrix`: no table, each value computed from the
/// matrix's bit planes (shared, not copied) when asked for, bit for bit the value [`compute`]
/// would store. What an analysis of more members than a dense table can hold works with: the
/// k-nearest-neighbour graph is built from rows, one at a time per thread.
///
/// # Errors
///
/// `min_common_votes` 0 or above the number of motions (usage errors).
///
/// # Complexity
///
/// O(1) time and memory here; each value then costs O(M / 64) for M motions.
///
/// # Examples
///
/// ```
/// use votebloc::matrix::{VoteMatrix, YES, NO, ABSTAIN, ABSENT};
/// use votebloc::similarity::{compute, on_demand, SimilarityParams};
/// let codes = ndarray::array![[YES, YES, NO, ABSENT], [YES, ABSTAIN, NO, YES]];
/// let motions = (1..=4).map(|k| k.to_string()).collect();
/// let m = VoteMatrix::from_codes(vec!["A".into(), "B".into()], motions, codes).unwrap();
/// let s = on_demand(&m, &SimilarityParams::new()).unwrap();
/// assert!(!s.is_dense() && s.values().is_none());
/// assert_eq!(s.get(0, 1), Some(5.0 / 6.0));
/// assert_eq!(s.get(0, 1), compute(&m, &SimilarityParams::new()).unwrap().get(0, 1));
/// ```
pub fn on_demand<P>(matrix: &VoteMatrix, params: &P) -> Result<Similarity, SimilarityError>
where
    P: ParamGuard<Checked = SimilarityValidParams, Error = SimilarityError>,
{
    let params = params.check_ref()?;
    params.check_motions(matrix)?;
    Ok(Similarity {
        index: params.index,
        min_common_votes: params.min_common_votes,
        n: matrix.n_members(),
        tables: None,
        planes: Some(matrix.shared_planes()),
        pair_mean: OnceLock::new(),
    })
}

/// What every row needs.
struct Row<'a> {
    planes: &'a BitPlanes,
    index: Index,
    min_common: u32,
}

impl Row<'_> {
    /// Fills `values[j]` (the value, NaN below `min_common`) and, where `common` has room,
    /// `common[j]`, for the columns `j` from `start` to the end of `values`.
    ///
    /// The pair kernels are mostly population counts. The baseline x86-64 instruction set has
    /// no popcount instruction (each count is a dozen shifts and masks), so where the CPU has
    /// AVX2 (with POPCNT) the row is computed by a copy of the same code compiled for it,
    /// chosen at run time; the results are the same integers either way.
    fn fill(&self, i: usize, start: usize, values: &mut [f64], common: &mut [u32]) {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("popcnt") {
            // SAFETY: the CPU was just found to have both features the function is compiled
            // for.
            unsafe { self.fill_avx2(i, start, values, common) };
            return;
        }
        self.fill_portable(i, start, values, common);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,popcnt")]
    fn fill_avx2(&self, i: usize, start: usize, values: &mut [f64], common: &mut [u32]) {
        self.fill_portable(i, start, values, common);
    }

    #[inline(always)]
    fn fill_portable(&self, i: usize, start: usize, values: &mut [f64], common: &mut [u32]) {
        let first = Member::of(self.planes, i);
        for (j, slot) in values.iter_mut().enumerate().skip(start) {
            let (value, shared) = pair_value_with(self.planes, self.index, &first, j);
            if let Some(count) = common.get_mut(j) {
                *count = shared;
            }
            *slot = if shared >= self.min_common {
                value
            } else {
                f64::NAN
            };
        }
    }
}

/// The yes, no and abstain planes of a member cut to `words` (each empty when out of range;
/// the kernels also cut all six slices of a pair to the shortest so their loops need no
/// bounds checks).
#[inline(always)]
fn member_planes(planes: &BitPlanes, member: usize, words: Range<usize>) -> [&[u64]; 3] {
    [
        planes.yes(member).get(words.clone()).unwrap_or(&[]),
        planes.no(member).get(words.clone()).unwrap_or(&[]),
        planes.abstain(member).get(words).unwrap_or(&[]),
    ]
}

/// The index value (before the `min_common` rule) and the number of shared motions of one
/// pair. A pair with no shared motion gets NaN. Only the words where both members are active
/// are read: elsewhere one of them has no bit set, so every count is zero there.
#[inline(always)]
fn pair_value(planes: &BitPlanes, index: Index, i: usize, j: usize) -> (f64, u32) {
    pair_value_with(planes, index, &Member::of(planes, i), j)
}

/// A member's active span and planes, read once for the pairs of a row.
struct Member<'a> {
    span: Range<usize>,
    planes: [&'a [u64]; 3],
}

impl<'a> Member<'a> {
    #[inline(always)]
    fn of(planes: &'a BitPlanes, member: usize) -> Member<'a> {
        Member {
            span: planes.active_words(member),
            planes: [
                planes.yes(member),
                planes.no(member),
                planes.abstain(member),
            ],
        }
    }
}

/// [`pair_value`] of the member `first` (read beforehand) and member `j`.
#[inline(always)]
fn pair_value_with<'a>(
    planes: &'a BitPlanes,
    index: Index,
    first: &Member<'a>,
    j: usize,
) -> (f64, u32) {
    let span_j = planes.active_words(j);
    let words = first.span.start.max(span_j.start)..first.span.end.min(span_j.end);
    if words.is_empty() {
        return (f64::NAN, 0);
    }
    // Spelled out: `map` over the array compiled to a call per pair.
    let cut = |plane: &'a [u64]| plane.get(words.clone()).unwrap_or(&[]);
    let [yi, ni, ai] = [
        cut(first.planes[0]),
        cut(first.planes[1]),
        cut(first.planes[2]),
    ];
    let [yj, nj, aj] = member_planes(planes, j, words);
    match index {
        Index::Agreement | Index::Identical | Index::SScore => {
            let counts = distance_counts(yi, ni, ai, yj, nj, aj);
            let value = distance_value(index, counts);
            (value, counts.shared as u32)
        }
        Index::Cosine => {
            let counts = cosine_counts(yi, ni, ai, yj, nj, aj);
            (cosine_value(counts), counts.shared as u32)
        }
        Index::Coincidence => {
            let counts = cosine_counts(yi, ni, ai, yj, nj, aj);
            (coincidence_value(counts), counts.shared as u32)
        }
        Index::Kappa => {
            let table = kappa_counts(yi, ni, ai, yj, nj, aj);
            (kappa_value(table), table.shared as u32)
        }
    }
}

/// The six planes of a pair cut to their common length, and that length: with every slice the
/// same length, the compiler drops the bounds checks in the popcount loops.
#[inline(always)]
fn common_length(planes: [&[u64]; 6]) -> ([&[u64]; 6], usize) {
    let words = planes.iter().map(|p| p.len()).min().unwrap_or(0);
    // Spelled out: `planes.map(..)` compiled to a call per pair.
    let [a, b, c, d, e, f] = planes;
    (
        [
            &a[..words],
            &b[..words],
            &c[..words],
            &d[..words],
            &e[..words],
            &f[..words],
        ],
        words,
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DistanceCounts {
    shared: u64,
    same: u64,
    opposite: u64,
}

#[inline(always)]
fn distance_counts(
    yi: &[u64],
    ni: &[u64],
    ai: &[u64],
    yj: &[u64],
    nj: &[u64],
    aj: &[u64],
) -> DistanceCounts {
    let ([yi, ni, ai, yj, nj, aj], words) = common_length([yi, ni, ai, yj, nj, aj]);
    let (mut shared, mut same, mut opposite) = (0u64, 0u64, 0u64);
    for w in 0..words {
        let (y1, n1, a1, y2, n2, a2) = (yi[w], ni[w], ai[w], yj[w], nj[w], aj[w]);
        shared += u64::from(((y1 | n1 | a1) & (y2 | n2 | a2)).count_ones());
        same += u64::from(((y1 & y2) | (n1 & n2) | (a1 & a2)).count_ones());
        opposite += u64::from(((y1 & n2) | (n1 & y2)).count_ones());
    }
    DistanceCounts {
        shared,
        same,
        opposite,
    }
}

#[inline(always)]
fn distance_value(index: Index, counts: DistanceCounts) -> f64 {
    let DistanceCounts {
        shared,
        same,
        opposite,
    } = counts;
    if shared == 0 {
        return f64::NAN;
    }
    // Sum of |a − b| in half-units: one per abstain-against-cast, two per yes-against-no.
    let half_steps = shared - same - opposite;
    let distance_halves = half_steps + 2 * opposite;
    match index {
        // 1 − d/(2c) = (2c − d)/(2c), d in half-units.
        Index::Agreement => (2 * shared - distance_halves) as f64 / (2 * shared) as f64,
        Index::Identical => same as f64 / shared as f64,
        // 1 − 2·d/(2c) = (c − d)/c, d in half-units; may be negative.
        _ => (shared as f64 - distance_halves as f64) / shared as f64,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CosineCounts {
    shared: u64,
    /// Shared motions with yes–yes or no–no.
    aligned: u64,
    /// Shared motions with yes–no or no–yes.
    opposite: u64,
    /// Squared norms: shared motions where the member voted yes or no.
    norm_i: u64,
    norm_j: u64,
}

#[inline(always)]
fn cosine_counts(
    yi: &[u64],
    ni: &[u64],
    ai: &[u64],
    yj: &[u64],
    nj: &[u64],
    aj: &[u64],
) -> CosineCounts {
    let ([yi, ni, ai, yj, nj, aj], words) = common_length([yi, ni, ai, yj, nj, aj]);
    let mut counts = CosineCounts {
        shared: 0,
        aligned: 0,
        opposite: 0,
        norm_i: 0,
        norm_j: 0,
    };
    for w in 0..words {
        let (y1, n1, a1, y2, n2, a2) = (yi[w], ni[w], ai[w], yj[w], nj[w], aj[w]);
        let (c1, c2) = (y1 | n1 | a1, y2 | n2 | a2);
        counts.shared += u64::from((c1 & c2).count_ones());
        counts.aligned += u64::from(((y1 & y2) | (n1 & n2)).count_ones());
        counts.opposite += u64::from(((y1 & n2) | (n1 & y2)).count_ones());
        counts.norm_i += u64::from(((y1 | n1) & c2).count_ones());
        counts.norm_j += u64::from(((y2 | n2) & c1).count_ones());
    }
    counts
}

#[inline(always)]
fn cosine_value(counts: CosineCounts) -> f64 {
    if counts.shared == 0 {
        return f64::NAN;
    }
    match (counts.norm_i, counts.norm_j) {
        (0, 0) => 1.0,
        (0, _) | (_, 0) => 0.0,
        (norm_i, norm_j) => {
            let dot = counts.aligned as f64 - counts.opposite as f64;
            dot / ((norm_i as f64) * (norm_j as f64)).sqrt()
        }
    }
}

/// Identical yes/no votes over the motions where both voted yes or no; NaN when there is none.
#[inline(always)]
fn coincidence_value(counts: CosineCounts) -> f64 {
    let decided = counts.aligned + counts.opposite;
    if decided == 0 {
        return f64::NAN;
    }
    counts.aligned as f64 / decided as f64
}

/// The marginals and diagonal of the 3 × 3 confusion table of a pair (the off-diagonal cells
/// are not needed for kappa).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KappaCounts {
    shared: u64,
    /// Member i's yes, no, abstain counts on the shared motions.
    rows: [u64; 3],
    /// Member j's yes, no, abstain counts on the shared motions.
    columns: [u64; 3],
    /// Shared motions with the same vote.
    diagonal: u64,
}

#[inline(always)]
fn kappa_counts(
    yi: &[u64],
    ni: &[u64],
    ai: &[u64],
    yj: &[u64],
    nj: &[u64],
    aj: &[u64],
) -> KappaCounts {
    let ([yi, ni, ai, yj, nj, aj], words) = common_length([yi, ni, ai, yj, nj, aj]);
    let (mut shared, mut diagonal) = (0u64, 0u64);
    let (mut row_yes, mut row_no, mut column_yes, mut column_no) = (0u64, 0u64, 0u64, 0u64);
    for w in 0..words {
        let (y1, n1, a1, y2, n2, a2) = (yi[w], ni[w], ai[w], yj[w], nj[w], aj[w]);
        let (c1, c2) = (y1 | n1 | a1, y2 | n2 | a2);
        shared += u64::from((c1 & c2).count_ones());
        diagonal += u64::from(((y1 & y2) | (n1 & n2) | (a1 & a2)).count_ones());
        row_yes += u64::from((y1 & c2).count_ones());
        row_no += u64::from((n1 & c2).count_ones());
        column_yes += u64::from((y2 & c1).count_ones());
        column_no += u64::from((n2 & c1).count_ones());
    }
    KappaCounts {
        shared,
        rows: [row_yes, row_no, shared - row_yes - row_no],
        columns: [column_yes, column_no, shared - column_yes - column_no],
        diagonal,
    }
}

#[inline(always)]
fn kappa_value(table: KappaCounts) -> f64 {
    let n = u128::from(table.shared);
    if n == 0 {
        return f64::NAN;
    }
    // κ = (p_o − p_e)/(1 − p_e) = (n·diag − Σ r_k c_k)/(n² − Σ r_k c_k), all in integers
    // (u128: n² of u32 counts cannot overflow) so that the one rounding is the final division.
    let chance: u128 = table
        .rows
        .iter()
        .zip(&table.columns)
        .map(|(&r, &c)| u128::from(r) * u128::from(c))
        .sum();
    let total = n * n;
    if chance == total {
        // Expected agreement 1: both cast one single category throughout, hence agree fully.
        return 1.0;
    }
    let observed = n * u128::from(table.diagonal);
    let numerator = observed as f64 - chance as f64;
    numerator / (total - chance) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Choice;
    use crate::matrix::{ABSENT, ABSTAIN, NO, NOT_MEMBER, VoteMatrix, YES};
    use crate::model::Vote;
    use proptest::prelude::*;

    const Y: u8 = YES;
    const N: u8 = NO;

    /// Compares the AVX2 copy with the portable code, so it means something only on a CPU
    /// with AVX2: ignored by default, run by `.ci/run` when `/proc/cpuinfo` lists avx2.
    #[cfg(target_arch = "x86_64")]
    #[test]
    #[ignore = "needs a CPU with AVX2 and POPCNT; .ci/run runs it where /proc/cpuinfo lists avx2"]
    fn cpu_copy_the_row_compiled_for_avx2_gives_the_portable_results() {
        assert!(
            std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("popcnt"),
            "this CPU has no AVX2 or POPCNT: the AVX2 copy cannot run here"
        );
        use crate::synthetic::{PlantedParams, planted};
        // 300 motions: several 64-bit words per plane, with a partial last word.
        let params = PlantedParams::default()
            .n_members(40)
            .n_motions(300)
            .n_blocs(3)
            .seed(11);
        let data = planted(&params).unwrap().dataset;
        let matrix = VoteMatrix::from_dataset(&data).unwrap();
        let n = matrix.n_members();
        for &index in Index::ALL {
            let row = Row {
                planes: matrix.planes(),
                index,
                min_common: 1,
            };
            for i in 0..n {
                let (mut fast, mut fast_common) = (vec![f64::NAN; n], vec![0u32; n]);
                let (mut portable, mut portable_common) = (vec![f64::NAN; n], vec![0u32; n]);
                // SAFETY: the CPU was found to have AVX2 and POPCNT above.
                unsafe { row.fill_avx2(i, i, &mut fast, &mut fast_common) };
                row.fill_portable(i, i, &mut portable, &mut portable_common);
                assert_eq!(fast_common, portable_common);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&fast), bits(&portable), "{index:?}, row {i}");
            }
        }
    }
    const A: u8 = ABSTAIN;
    const X: u8 = ABSENT;
    const Z: u8 = NOT_MEMBER;

    fn matrix(rows: &[&[u8]]) -> VoteMatrix {
        let n_motions = rows.first().map_or(0, |r| r.len());
        let flat: Vec<u8> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        let codes = Array2::from_shape_vec((rows.len(), n_motions), flat).unwrap();
        VoteMatrix::from_codes(
            (0..rows.len()).map(|i| format!("m{i}")).collect(),
            (0..n_motions).map(|k| format!("v{k}")).collect(),
            codes,
        )
        .unwrap()
    }

    /// Members A–E of the hand-computed tests (E never voted).
    fn example() -> VoteMatrix {
        matrix(&[
            &[Y, Y, N, A, Y, Y, X, Z], // A
            &[Y, N, N, Y, A, Y, Y, Y], // B
            &[N, N, Y, A, N, N, A, A], // C
            &[A, A, A, A, X, Z, X, X], // D
            &[X, X, Z, Z, X, X, X, X], // E
        ])
    }

    fn run(index: Index, min_common: u32) -> Similarity {
        let params = SimilarityParams::new()
            .with_index(index)
            .with_min_common_votes(min_common);
        compute(&example(), &params).unwrap()
    }

    fn assert_close(actual: Option<f64>, expected: f64) {
        let actual = actual.unwrap_or(f64::NAN);
        assert!(
            (actual - expected).abs() < 1e-12,
            "expected {expected}, found {actual}"
        );
    }

    // Shared motions and vote pairs of the example (Y = 1, A = ½, N = 0):
    // A–B: motions 0–5, c = 6: YY YN NN AY YA YY → same 3, opposite 1, half-steps 2,
    //      Σ|a−b| = 1 + ½ + ½ = 2.
    // A–C: motions 0–5, c = 6: YN YN NY AA YN YN → same 1, opposite 5, Σ|a−b| = 5.
    // A–D: motions 0–3, c = 4: YA YA NA AA → same 1, half-steps 3, Σ|a−b| = 1.5.
    // B–C: motions 0–7, c = 8: YN NN NY YA AN YN YA YA → same 1, opposite 3, half-steps 4,
    //      Σ|a−b| = 3 + 2 = 5.
    // B–D: motions 0–3, c = 4: YA NA NA YA → half-steps 4, Σ|a−b| = 2.
    // C–D: motions 0–3, c = 4: NA NA YA AA → same 1, half-steps 3, Σ|a−b| = 1.5.
    // E shares nothing with anyone.

    #[test]
    fn common_counts_exclude_absent_and_not_member() {
        let s = run(Index::Agreement, 1);
        let expected = ndarray::array![
            [6, 6, 6, 4, 0],
            [6, 8, 8, 4, 0],
            [6, 8, 8, 4, 0],
            [4, 4, 4, 4, 0],
            [0, 0, 0, 0, 0],
        ];
        assert_eq!(s.commons(), Some(&expected));
    }

    #[test]
    fn agreement_matches_hand_values() {
        let s = run(Index::Agreement, 1);
        assert_close(s.get(0, 1), 1.0 - 2.0 / 6.0); // 2/3
        assert_close(s.get(0, 2), 1.0 - 5.0 / 6.0); // 1/6
        assert_close(s.get(0, 3), 1.0 - 1.5 / 4.0); // 0.625
        assert_close(s.get(1, 2), 1.0 - 5.0 / 8.0); // 0.375
        assert_close(s.get(1, 3), 1.0 - 2.0 / 4.0); // 0.5
        assert_close(s.get(2, 3), 1.0 - 1.5 / 4.0); // 0.625
        assert_close(s.get(3, 3), 1.0);
        assert_eq!(s.get(0, 4), None);
        assert_eq!(s.get(4, 4), None); // never voted
        assert_eq!(s.get(5, 0), None); // out of range
        assert_eq!(s.get(1, 0), s.get(0, 1));
    }

    #[test]
    fn identical_matches_hand_values() {
        let s = run(Index::Identical, 1);
        assert_close(s.get(0, 1), 3.0 / 6.0);
        assert_close(s.get(0, 2), 1.0 / 6.0);
        assert_close(s.get(0, 3), 1.0 / 4.0);
        assert_close(s.get(1, 2), 1.0 / 8.0);
        assert_close(s.get(1, 3), 0.0);
        assert_close(s.get(2, 3), 1.0 / 4.0);
        assert_close(s.get(2, 2), 1.0);
    }

    #[test]
    fn s_score_matches_hand_values() {
        // S = 1 − 2·mean|a−b|.
        let s = run(Index::SScore, 1);
        assert_close(s.get(0, 1), 1.0 - 2.0 * 2.0 / 6.0); // 1/3
        assert_close(s.get(0, 2), 1.0 - 2.0 * 5.0 / 6.0); // −2/3
        assert_close(s.get(0, 3), 1.0 - 2.0 * 1.5 / 4.0); // 0.25
        assert_close(s.get(1, 2), 1.0 - 2.0 * 5.0 / 8.0); // −0.25
        assert_close(s.get(1, 3), 0.0);
        assert_close(s.get(2, 3), 0.25);
        assert_close(s.get(0, 0), 1.0);
    }

    #[test]
    fn cosine_matches_hand_values() {
        let s = run(Index::Cosine, 1);
        // A = (1, 1, −1, 0, 1, 1), B = (1, −1, −1, 1, 0, 1) on motions 0–5:
        // dot = 1 − 1 + 1 + 0 + 0 + 1 = 2, |A|² = |B|² = 5 → 2/5.
        assert_close(s.get(0, 1), 0.4);
        // C = −A on motions 0–5 → −1.
        assert_close(s.get(0, 2), -1.0);
        // B = (1, −1, −1, 1, 0, 1, 1, 1), C = (−1, −1, 1, 0, −1, −1, 0, 0):
        // dot = −1 + 1 − 1 − 1 = −2, |B|² = 7, |C|² = 5 → −2/√35.
        assert_close(s.get(1, 2), -2.0 / 35f64.sqrt());
        // D abstained throughout: zero vector against a non-zero one → 0; with itself → 1.
        assert_close(s.get(0, 3), 0.0);
        assert_close(s.get(2, 3), 0.0);
        assert_close(s.get(3, 3), 1.0);
        assert_close(s.get(1, 1), 1.0);
    }

    #[test]
    fn coincidence_leaves_abstentions_out() {
        let s = run(Index::Coincidence, 1);
        // A–B on motions 0–5: YY YN NN AY YA YY → yes/no pairs YY YN NN YY: 3 same of 4.
        assert_close(s.get(0, 1), 0.75);
        assert_eq!(s.common(0, 1), 6);
        // A–C: YN YN NY AA YN YN → 0 same of 5.
        assert_close(s.get(0, 2), 0.0);
        // D abstained throughout: no yes/no pair, no value (though 4 shared motions).
        assert_eq!(s.get(0, 3), None);
        assert_eq!(s.common(0, 3), 4);
        assert_eq!(Index::Coincidence.range(), (0.0, 1.0));
    }

    #[test]
    fn kappa_matches_hand_values_and_scikit_learn() {
        let s = run(Index::Kappa, 1);
        // A–B: rows (Y, N, A) = (4, 1, 1), columns (3, 2, 1), diagonal 3:
        // p_o = 3/6, p_e = (12 + 2 + 1)/36 = 15/36 → κ = (1/12)/(7/12) = 1/7.
        // sklearn.metrics.cohen_kappa_score(list("YYNAYY"), list("YNNYAY")) = 0.1428571428571428
        assert_close(s.get(0, 1), 1.0 / 7.0);
        assert_close(s.get(0, 1), 0.1428571428571428);
        // A–C: rows (4, 1, 1), columns (1, 4, 1), diagonal 1: p_o = 1/6, p_e = 9/36 →
        // κ = (1/6 − 1/4)/(3/4) = −1/9.
        // sklearn.metrics.cohen_kappa_score(list("YYNAYY"), list("NNYANN")) = -0.11111111111111116
        assert_close(s.get(0, 2), -1.0 / 9.0);
        assert_close(s.get(0, 2), -0.11111111111111116);
        // B–C: rows (5, 2, 1), columns (1, 4, 3), diagonal 1: p_o = 1/8,
        // p_e = (5 + 8 + 3)/64 = 1/4 → κ = (1/8 − 1/4)/(3/4) = −1/6.
        // sklearn.metrics.cohen_kappa_score(list("YNNYAYYY"), list("NNYANNAA")) = -0.16666666666666674
        assert_close(s.get(1, 2), -1.0 / 6.0);
        assert_close(s.get(1, 2), -0.16666666666666674);
        // A–D: D all abstain: p_e = (1·4)/16 = 1/4 = p_o → 0.
        assert_close(s.get(0, 3), 0.0);
        // B–D: no agreement, p_e = 0 → 0.
        assert_close(s.get(1, 3), 0.0);
        // D with itself: expected agreement 1 → defined as 1.
        assert_close(s.get(3, 3), 1.0);
        assert_close(s.get(0, 0), 1.0);
    }

    /// Values printed by scikit-learn 1.9.1:
    /// `cohen_kappa_score(list(a), list(b), labels=["Y","N","A"])` for each pair below
    /// (script: the strings are the two members' votes on their shared motions).
    #[test]
    fn kappa_matches_scikit_learn_on_longer_vectors() {
        let cases: [(&str, &str, f64); 3] = [
            ("YYYNNAYYNAAYYNYY", "YNYNAAYYYAAYNNYA", 0.5061728395061729),
            ("NNYYAAYNYNAYAYNY", "YNYAAANNYNYYAANY", 0.5266272189349113),
            ("YYYYNNYN", "YYYNNYYY", 0.1428571428571429),
        ];
        let code = |c: char| match c {
            'Y' => Y,
            'N' => N,
            _ => A,
        };
        for (a, b, expected) in cases {
            let row_a: Vec<u8> = a.chars().map(code).collect();
            let row_b: Vec<u8> = b.chars().map(code).collect();
            let m = matrix(&[&row_a, &row_b]);
            let s = compute(&m, &SimilarityParams::new().with_index(Index::Kappa)).unwrap();
            assert_close(s.get(0, 1), expected);
        }
        // Both members yes throughout: sklearn returns NaN (0/0); votebloc defines 1.
        let m = matrix(&[&[Y, Y, Y, X], &[Y, Y, Y, Y]]);
        let s = compute(&m, &SimilarityParams::new().with_index(Index::Kappa)).unwrap();
        assert_eq!(s.get(0, 1), Some(1.0));
    }

    #[test]
    fn min_common_removes_pairs_and_diagonals_below_it() {
        let s = run(Index::Agreement, 5);
        // Pairs with D share 4 motions; D cast 4 votes.
        assert_eq!(s.get(0, 3), None);
        assert_eq!(s.get(3, 1), None);
        assert_eq!(s.get(3, 3), None);
        assert_eq!(s.common(0, 3), 4);
        assert_close(s.get(0, 1), 2.0 / 3.0);
        let s = run(Index::Agreement, 8);
        assert_eq!(s.get(0, 1), None);
        assert_close(s.get(1, 2), 0.375);
    }

    #[test]
    fn parameters_are_checked_against_the_matrix() {
        let m = example();
        let err = compute(&m, &SimilarityParams::new().with_min_common_votes(0)).unwrap_err();
        assert_eq!(err, SimilarityError::MinCommonZero);
        let err = compute(&m, &SimilarityParams::new().with_min_common_votes(9)).unwrap_err();
        assert_eq!(
            err,
            SimilarityError::MinCommonAboveMotions {
                min_common_votes: 9,
                n_motions: 8
            }
        );
        assert!(err.is_usage());
        assert!(compute(&m, &SimilarityParams::new().with_min_common_votes(8)).is_ok());
    }

    #[test]
    fn pairs_are_listed_in_row_major_order() {
        let s = run(Index::Identical, 5);
        let pairs: Vec<(usize, usize, Option<f64>, u32)> = s
            .pairs()
            .map(|p| (p.a, p.b, p.similarity, p.common))
            .collect();
        assert_eq!(pairs.len(), 10);
        assert_eq!(pairs[0], (0, 1, Some(0.5), 6));
        assert_eq!(pairs[2], (0, 3, None, 4));
        assert_eq!(pairs[4], (1, 2, Some(0.125), 8));
        assert_eq!(pairs[9], (3, 4, None, 0));
        // Defined pairs: A–B 3/6, A–C 1/6, B–C 1/8.
        assert_close(s.pair_mean(), (0.5 + 1.0 / 6.0 + 0.125) / 3.0);
    }

    #[test]
    fn index_names_parse_and_print() {
        for &index in Index::ALL {
            assert_eq!(Index::from_name(index.name()), Some(index));
            assert_eq!(index.to_string(), index.name());
        }
        assert_eq!(Index::from_name("s-score"), Some(Index::SScore));
        assert!(Index::from_name("sscore").is_none());
        assert_eq!(
            serde_json::to_string(&Index::SScore).unwrap(),
            "\"s-score\""
        );
    }

    #[test]
    fn tables_from_parts_must_be_square_and_symmetric() {
        let values = ndarray::array![[1.0, 0.5, f64::NAN], [0.5, 1.0, 0.1], [f64::NAN, 0.1, 1.0]];
        let common = ndarray::array![[3, 2, 0], [2, 3, 1], [0, 1, 3]];
        let s = Similarity::from_parts(Index::Cosine, 1, values.clone(), common.clone()).unwrap();
        assert_eq!((s.n(), s.get(0, 2), s.common(1, 2)), (3, None, 1));
        let mut skew = values.clone();
        skew[(2, 1)] = 0.2;
        assert_eq!(
            Similarity::from_parts(Index::Cosine, 1, skew, common.clone()),
            Err(SimilarityError::NotSymmetric { row: 1, column: 2 })
        );
        let mut skew_counts = common.clone();
        skew_counts[(1, 0)] = 1;
        assert!(Similarity::from_parts(Index::Cosine, 1, values.clone(), skew_counts).is_err());
        let short = common.slice(ndarray::s![..2, ..]).to_owned();
        assert!(matches!(
            Similarity::from_parts(Index::Cosine, 1, values, short),
            Err(SimilarityError::BadShape { .. })
        ));
    }

    #[test]
    fn members_active_in_disjoint_periods_share_nothing() {
        // m0 sits on motions 0–99, m1 on 150–299, m2 on 90–159 (overlapping both).
        let mut codes = Array2::from_elem((3, 300), Z);
        for k in 0..100 {
            codes[(0, k)] = Y;
        }
        for k in 150..300 {
            codes[(1, k)] = N;
        }
        for k in 90..160 {
            codes[(2, k)] = Y;
        }
        let m = VoteMatrix::from_codes(
            vec!["m0".into(), "m1".into(), "m2".into()],
            (0..300).map(|k| k.to_string()).collect(),
            codes,
        )
        .unwrap();
        let s = compute(&m, &SimilarityParams::new()).unwrap();
        assert_eq!((s.common(0, 1), s.get(0, 1)), (0, None));
        // m0–m2 share motions 90–99 (all yes–yes); m1–m2 share 150–159 (no–yes).
        assert_eq!((s.common(0, 2), s.get(0, 2)), (10, Some(1.0)));
        assert_eq!((s.common(1, 2), s.get(1, 2)), (10, Some(0.0)));
    }

    #[test]
    fn an_empty_matrix_has_an_empty_table() {
        let m =
            VoteMatrix::from_codes(Vec::new(), vec!["v".into()], Array2::zeros((0, 1))).unwrap();
        let s = compute(&m, &SimilarityParams::new()).unwrap();
        assert_eq!(s.n(), 0);
        assert_eq!(s.pairs().count(), 0);
        assert_eq!(s.pair_mean(), None);
    }

    /// The obviously correct version: loop over motions, apply the definitions in floating
    /// point.
    fn reference(m: &VoteMatrix, index: Index, i: usize, j: usize) -> (Option<f64>, u32) {
        let shared: Vec<(Vote, Vote)> = (0..m.n_motions())
            .filter_map(|k| {
                let (a, b) = (m.vote(i, k)?, m.vote(j, k)?);
                (a.is_cast() && b.is_cast()).then_some((a, b))
            })
            .collect();
        let c = shared.len();
        if c == 0 {
            return (None, 0);
        }
        let scale = |v: Vote| v.scale().unwrap_or(f64::NAN);
        let signed = |v: Vote| match v {
            Vote::Yes => 1.0,
            Vote::No => -1.0,
            _ => 0.0,
        };
        let mean_distance = shared
            .iter()
            .map(|&(a, b)| (scale(a) - scale(b)).abs())
            .sum::<f64>()
            / c as f64;
        let value = match index {
            Index::Coincidence => {
                let yes_no = |v: &Vote| matches!(v, Vote::Yes | Vote::No);
                let decided: Vec<_> = shared
                    .iter()
                    .filter(|(a, b)| yes_no(a) && yes_no(b))
                    .collect();
                if decided.is_empty() {
                    return (None, c as u32);
                }
                decided.iter().filter(|(a, b)| a == b).count() as f64 / decided.len() as f64
            }
            Index::Agreement => 1.0 - mean_distance,
            Index::SScore => 1.0 - 2.0 * mean_distance,
            Index::Identical => shared.iter().filter(|(a, b)| a == b).count() as f64 / c as f64,
            Index::Cosine => {
                let dot: f64 = shared.iter().map(|&(a, b)| signed(a) * signed(b)).sum();
                let na: f64 = shared.iter().map(|&(a, _)| signed(a).powi(2)).sum();
                let nb: f64 = shared.iter().map(|&(_, b)| signed(b).powi(2)).sum();
                match (na == 0.0, nb == 0.0) {
                    (true, true) => 1.0,
                    (true, false) | (false, true) => 0.0,
                    _ => dot / (na.sqrt() * nb.sqrt()),
                }
            }
            Index::Kappa => {
                let cats = [Vote::Yes, Vote::No, Vote::Abstain];
                let mut table = [[0.0f64; 3]; 3];
                for &(a, b) in &shared {
                    let r = cats.iter().position(|&v| v == a).unwrap();
                    let k = cats.iter().position(|&v| v == b).unwrap();
                    table[r][k] += 1.0;
                }
                let n = c as f64;
                let po = (0..3).map(|k| table[k][k]).sum::<f64>() / n;
                let pe = (0..3)
                    .map(|k| {
                        let row: f64 = table[k].iter().sum();
                        let col: f64 = (0..3).map(|r| table[r][k]).sum();
                        row * col
                    })
                    .sum::<f64>()
                    / (n * n);
                if pe == 1.0 {
                    1.0
                } else {
                    (po - pe) / (1.0 - pe)
                }
            }
        };
        (Some(value), c as u32)
    }

    /// Random votes; each member is outside the body (not a member) before and after a random
    /// window of motions, so that active spans of the bit planes start and end anywhere.
    fn random_matrix() -> impl Strategy<Value = VoteMatrix> {
        (1usize..7, 0usize..300).prop_flat_map(|(members, motions)| {
            // Weighted so that yes/no/abstain dominate but absences still appear.
            let code =
                prop_oneof![3 => Just(Y), 2 => Just(N), 2 => Just(A), 1 => Just(X), 1 => Just(Z)];
            let window = (0..=motions, 0..=motions);
            (
                proptest::collection::vec(code, members * motions),
                proptest::collection::vec(window, members),
            )
                .prop_map(move |(mut flat, windows)| {
                    for (member, (a, b)) in windows.into_iter().enumerate() {
                        let window = a.min(b)..a.max(b);
                        for k in (0..motions).filter(|k| !window.contains(k)) {
                            flat[member * motions + k] = Z;
                        }
                    }
                    VoteMatrix::from_codes(
                        (0..members).map(|i| format!("m{i}")).collect(),
                        (0..motions).map(|k| format!("v{k}")).collect(),
                        Array2::from_shape_vec((members, motions), flat).unwrap(),
                    )
                    .unwrap()
                })
        })
    }

    proptest! {
        #[test]
        fn popcount_kernel_equals_the_reference(
            m in random_matrix(),
            index_position in 0usize..Index::ALL.len(),
            min_common in 1u32..4,
        ) {
            let index = Index::ALL[index_position];
            let params = SimilarityParams::new().with_index(index).with_min_common_votes(min_common);
            match compute(&m, &params) {
                Err(SimilarityError::MinCommonAboveMotions { .. }) => {
                    prop_assert!(min_common as usize > m.n_motions());
                }
                Err(other) => prop_assert!(false, "unexpected error {other}"),
                Ok(s) => {
                    for i in 0..m.n_members() {
                        for j in 0..m.n_members() {
                            let (expected, common) = reference(&m, index, i, j);
                            prop_assert_eq!(s.common(i, j), common);
                            let expected = expected.filter(|_| common >= min_common);
                            match (s.get(i, j), expected) {
                                (None, None) => {}
                                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12, "{index} ({i},{j}): {a} vs {b}"),
                                (a, b) => prop_assert!(false, "{index} ({i},{j}): {a:?} vs {b:?}"),
                            }
                            prop_assert_eq!(s.get(i, j).map(f64::to_bits), s.get(j, i).map(f64::to_bits));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn results_do_not_depend_on_the_number_of_threads() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let flat: Vec<u8> = (0..40 * 333)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 33) % 5) as u8
            })
            .collect();
        let m = VoteMatrix::from_codes(
            (0..40).map(|i| format!("m{i}")).collect(),
            (0..333).map(|k| format!("v{k}")).collect(),
            Array2::from_shape_vec((40, 333), flat).unwrap(),
        )
        .unwrap();
        for &index in Index::ALL {
            let params = SimilarityParams::new().with_index(index);
            let one = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            let three = rayon::ThreadPoolBuilder::new()
                .num_threads(3)
                .build()
                .unwrap();
            let a = one.install(|| compute(&m, &params)).unwrap();
            let b = three.install(|| compute(&m, &params)).unwrap();
            let bits = |s: &Similarity| {
                s.values()
                    .unwrap()
                    .iter()
                    .map(|v| v.to_bits())
                    .collect::<Vec<_>>()
            };
            assert_eq!(bits(&a), bits(&b));
            assert_eq!(a.commons(), b.commons());
        }
    }
}
