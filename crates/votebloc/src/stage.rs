//! The one shape of an optional analysis stage (ideal points, or any later one): a [`Stage`]
//! reads what the core analysis computed ([`StageInput`]: the dataset, the vote matrix, the
//! similarity, the graph, the blocs) and gives a result, which
//! [`Analysis::run_stage`](crate::analysis::Analysis::run_stage) keeps in the analysis's typed
//! slot ([`StageResults`]), keyed by the result's type. Consumers read the results they know
//! (`analysis.stage::<T>()`) and ignore the others, so a new stage touches no consumer but
//! those that show it (see `DESIGN.md`, "How to add a stage").
//!
//! This module sits below `cluster` in the pipeline order: a stage's own module implements
//! [`Stage`] without depending on `analysis`.

use crate::matrix::VoteMatrix;
use crate::model::Dataset;
use crate::similarity::Similarity;
use petgraph::graph::UnGraph;
use std::any::{Any, TypeId};
use std::fmt;

/// What a stage reads: the results of the core analysis, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct StageInput<'a> {
    /// The analysed dataset (members in code order).
    pub dataset: &'a Dataset,
    /// Its vote matrix (rows: members, columns: motions).
    pub matrix: &'a VoteMatrix,
    /// The similarity of every pair of members: a dense table, or computed on demand above
    /// the analysis's dense limit (read it by rows, see [`Similarity`]).
    pub similarity: &'a Similarity,
    /// The similarity graph (node `i` is member `i`).
    pub graph: &'a UnGraph<usize, f64>,
    /// Bloc of each member, numbered from 1 by size.
    pub blocs: &'a [u32],
    /// Share of consensus runs placing each member with its bloc (NaN without runs).
    pub stability: &'a [f64],
    /// The analysis's seed, for a stage that draws random numbers.
    pub seed: u64,
}

/// An analysis stage run after the blocs are found.
///
/// # Examples
///
/// ```
/// use votebloc::analysis::{AnalysisParams, run};
/// use votebloc::stage::{Stage, StageInput};
/// use votebloc::synthetic::{PlantedParams, planted};
///
/// /// The number of motions each member cast a vote on.
/// struct Turnout;
/// #[derive(Debug, PartialEq)]
/// struct Casts(Vec<usize>);
///
/// impl Stage for Turnout {
///     type Output = Casts;
///     type Error = std::convert::Infallible;
///     fn name(&self) -> &'static str {
///         "turnout"
///     }
///     fn run(&self, input: &StageInput<'_>) -> Result<Casts, Self::Error> {
///         Ok(Casts(input.dataset.cast_counts()))
///     }
/// }
///
/// let data = planted(&PlantedParams::default().n_members(30).n_motions(40)).unwrap().dataset;
/// let mut analysis = run(data, &AnalysisParams::default()).unwrap();
/// assert!(analysis.stage::<Casts>().is_none());
/// analysis.run_stage(&Turnout).unwrap();
/// assert_eq!(analysis.stage::<Casts>().unwrap().0.len(), 30);
/// ```
pub trait Stage {
    /// The stage's result, stored in the analysis under its type (one result per type).
    type Output: Any + Send + Sync;
    /// Why the stage could not run.
    type Error: std::error::Error + Send + Sync + 'static;

    /// The stage's name, for messages and listings (`ideal`, …).
    fn name(&self) -> &'static str;

    /// Runs the stage on the core analysis's results.
    ///
    /// # Errors
    /// The stage's own (bad parameters for these data, a method failing).
    fn run(&self, input: &StageInput<'_>) -> Result<Self::Output, Self::Error>;
}

/// The results of the optional stages run on an analysis, one per result type, in the order
/// they were added.
#[derive(Default)]
pub struct StageResults {
    results: Vec<(&'static str, Box<dyn Any + Send + Sync>)>,
}

impl StageResults {
    /// Keeps `result` (of the stage `name`), replacing an earlier result of the same type.
    pub fn insert<T: Any + Send + Sync>(&mut self, name: &'static str, result: T) {
        let entry: (&'static str, Box<dyn Any + Send + Sync>) = (name, Box::new(result));
        match self.position::<T>() {
            Some(i) => self.results[i] = entry,
            None => self.results.push(entry),
        }
    }

    /// The result of type `T`, if a stage gave one.
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.results
            .iter()
            .find_map(|(_, result)| result.downcast_ref::<T>())
    }

    /// The names of the stages that gave a result, in the order they ran.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.results.iter().map(|(name, _)| *name)
    }

    /// Whether no stage gave a result.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }

    fn position<T: Any>(&self) -> Option<usize> {
        self.results
            .iter()
            .position(|(_, result)| (**result).type_id() == TypeId::of::<T>())
    }
}

impl fmt::Debug for StageResults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_kept_by_type_and_replaced() {
        let mut results = StageResults::default();
        assert!(results.is_empty());
        results.insert("a", 1u32);
        results.insert("b", "text");
        results.insert("c", 2u32);
        assert_eq!(results.get::<u32>(), Some(&2));
        assert_eq!(results.get::<&str>(), Some(&"text"));
        assert_eq!(results.get::<f64>(), None);
        assert_eq!(results.names().collect::<Vec<_>>(), ["c", "b"]);
        assert_eq!(format!("{results:?}"), r#"["c", "b"]"#);
    }
}
