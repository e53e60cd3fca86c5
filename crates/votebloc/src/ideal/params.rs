//! Parameters of the ideal-point estimators: a builder ([`IdealParams`]) checked once into
//! [`IdealValidParams`] (linfa's `ParamGuard` pattern), so that the estimator never sees an
//! invalid value.

use super::IdealError;
use crate::choice::choice;
use crate::model::PeriodBy;
use linfa::ParamGuard;
use serde::Serialize;

choice! {
    /// Which item-response model links positions to votes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum IdealModel {
        Ordinal => "ordinal", "Ordered probit on no < abstain < yes (the UN General Assembly model)";
        Binary => "binary", "Probit on yes vs no, abstentions missing or counted as no (legislatures)";
    }
}

choice! {
    /// How the binary model reads an abstention.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum AbstainAs {
        Missing => "missing", "An abstention is no information (as an absence)";
        No => "no", "An abstention counts as a vote against";
    }
}

/// Which member fixes the sign of the scale: it is placed on the positive side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The United States (`USA`) when it is in the data (UN data: the published convention),
    /// else the members of the group `Republican` (Congress: the DW-NOMINATE convention), else
    /// the member with the most votes (with a warning).
    Auto,
    /// A member code or a group name, as written in the data (the group is matched without
    /// regard to case).
    Named(String),
}

/// The values [`IdealParams`] checks; read by the estimator.
///
/// Defaults and where they come from:
///
/// | field | default | source |
/// |---|---|---|
/// | `model` | ordinal | Imai, Lo & Olmsted (2016), §2.3 |
/// | `dims` | 1 | |
/// | `min_minority` | 0.025 | W-NOMINATE's lopsided-vote rule (Poole & Rosenthal 1997) |
/// | `min_votes` | 20 | W-NOMINATE's `minvotes` |
/// | `prior_x_variance` | 1 | emIRT's default prior on positions (x ~ N(0, 1)) |
/// | `prior_item_variance` | 25 | emIRT's default prior on (α, β) (N(0, 25)) |
/// | `walk_variance` | 0.1 | Martin & Quinn (2002): the evolution variance of most justices ([`default_walk_variance`](super::default_walk_variance): 0.01 for US Congress roll calls) |
/// | `min_gap` | 0.1 | a tenth of the noise sd: the floor of the abstention band |
/// | `tolerance` | 1e-6 | largest change of a position between two EM steps |
/// | `correlation_tolerance` | 1e-7 | or 1 − the correlation of the positions of two steps: Imai, Lo & Olmsted (2016) |
/// | `max_iterations` | 5,000 | |
/// | `bootstrap` | 50 | emIRT's `boot.emIRT` default (`Ntrials = 50`) |
/// | `bootstrap_tolerance` | 1e-4 | |
/// The random-walk variance of a dynamic fit unless the source calls for another (see
/// [`default_walk_variance`](super::default_walk_variance)).
pub const DEFAULT_WALK_VARIANCE: f64 = 0.1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdealValidParams {
    pub model: IdealModel,
    pub abstain: AbstainAs,
    pub dims: usize,
    pub by: Option<PeriodBy>,
    pub dynamic: bool,
    pub anchor: Anchor,
    pub min_minority: f64,
    pub min_votes: usize,
    pub prior_x_variance: f64,
    pub prior_item_variance: f64,
    pub walk_variance: f64,
    pub min_gap: f64,
    pub tolerance: f64,
    pub correlation_tolerance: f64,
    pub max_iterations: usize,
    pub bootstrap: usize,
    pub bootstrap_tolerance: f64,
    pub seed: u64,
    /// Pairs of motion ids whose parameters are shared (dynamic fits only).
    pub bridges: Vec<(String, String)>,
    /// Bridge motions of the same normalised title voted in different periods.
    pub auto_bridges: bool,
}

/// The builder of [`IdealValidParams`]; [`ParamGuard::check`] validates it.
///
/// # Examples
///
/// ```
/// use linfa::ParamGuard;
/// use votebloc::ideal::{IdealModel, IdealParams};
/// let params = IdealParams::new().model(IdealModel::Binary).dims(2).check().unwrap();
/// assert_eq!(params.dims, 2);
/// assert!(IdealParams::new().dims(3).check().is_err());
/// assert!(IdealParams::new().dynamic(true).check().is_err()); // a dynamic fit needs periods
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct IdealParams(IdealValidParams);

/// Seed of the bootstrap and of the starting values when none is given.
pub const DEFAULT_SEED: u64 = 42;

impl Default for IdealParams {
    fn default() -> IdealParams {
        IdealParams(IdealValidParams {
            model: IdealModel::Ordinal,
            abstain: AbstainAs::Missing,
            dims: 1,
            by: None,
            dynamic: false,
            anchor: Anchor::Auto,
            min_minority: 0.025,
            min_votes: 20,
            prior_x_variance: 1.0,
            prior_item_variance: 25.0,
            walk_variance: DEFAULT_WALK_VARIANCE,
            min_gap: 0.1,
            tolerance: 1e-6,
            correlation_tolerance: 1e-7,
            max_iterations: 5_000,
            bootstrap: 50,
            bootstrap_tolerance: 1e-4,
            seed: DEFAULT_SEED,
            bridges: Vec::new(),
            auto_bridges: true,
        })
    }
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)+) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: $ty) -> Self {
                self.0.$name = value;
                self
            }
        )+
    };
}

impl IdealParams {
    /// The defaults (see [`IdealValidParams`]).
    pub fn new() -> IdealParams {
        IdealParams::default()
    }

    setters! {
        /// The item-response model.
        model: IdealModel;
        /// The binary model's reading of an abstention (the ordinal model keeps it).
        abstain: AbstainAs;
        /// Dimensions of the space (1 or 2).
        dims: usize;
        /// Periods: one position per member per period (`None`: one position each).
        by: Option<PeriodBy>;
        /// One joint fit over all periods, a random walk tying each member's periods.
        dynamic: bool;
        /// The member or group placed on the positive side.
        anchor: Anchor;
        /// Motions whose votes outside the most common choice are fewer than this share are
        /// left out (in [0, 0.5)); unanimous motions always are.
        min_minority: f64;
        /// Member-periods with fewer votes in the model are left out (members with none
        /// always are).
        min_votes: usize;
        /// Prior variance of a position (of a member's first period in a dynamic fit).
        prior_x_variance: f64;
        /// Prior variance of each motion's intercept and discrimination.
        prior_item_variance: f64;
        /// Variance of a member's move from one period to the next (dynamic fits).
        walk_variance: f64;
        /// Smallest width of a motion's abstention band, in noise standard deviations.
        min_gap: f64;
        /// Convergence: the largest change of a position between two EM steps.
        tolerance: f64;
        /// Convergence, the other rule: the EM also stops when the positions of two steps
        /// correlate at 1 minus this or more on every axis (0: the `tolerance` rule alone).
        correlation_tolerance: f64;
        /// Cap on EM steps.
        max_iterations: usize;
        /// Parametric bootstrap replicates for the bounds (0: no bounds).
        bootstrap: usize;
        /// Convergence of each bootstrap refit.
        bootstrap_tolerance: f64;
        /// Seed of the starting values and of the bootstrap.
        seed: u64;
        /// Pairs of motion ids sharing their parameters (dynamic fits only).
        bridges: Vec<(String, String)>;
        /// Bridge same-titled motions of different periods (dynamic fits only).
        auto_bridges: bool;
    }

    fn validate(&self) -> Result<(), IdealError> {
        let p = &self.0;
        let bad = |message: String| Err(IdealError::InvalidParams(message));
        if !(1..=2).contains(&p.dims) {
            return bad(format!("dims must be 1 or 2, got {}", p.dims));
        }
        if p.dynamic && p.by.is_none() {
            return bad("a dynamic fit needs periods (by session, year or congress)".into());
        }
        if !p.bridges.is_empty() && !p.dynamic {
            return bad("bridges go with a dynamic fit".into());
        }
        if !(0.0..0.5).contains(&p.min_minority) {
            return bad(format!(
                "the lopsided-motion share must be in [0, 0.5), got {}",
                p.min_minority
            ));
        }
        for (name, value) in [
            ("prior variance of positions", p.prior_x_variance),
            ("prior variance of motion parameters", p.prior_item_variance),
            ("random-walk variance", p.walk_variance),
            ("smallest abstention band", p.min_gap),
            ("tolerance", p.tolerance),
            ("bootstrap tolerance", p.bootstrap_tolerance),
        ] {
            if !(value.is_finite() && value > 0.0) {
                return bad(format!(
                    "the {name} must be a finite number > 0, got {value}"
                ));
            }
        }
        if !(0.0..1.0).contains(&p.correlation_tolerance) {
            return bad(format!(
                "the correlation tolerance must be in [0, 1), got {}",
                p.correlation_tolerance
            ));
        }
        if p.max_iterations == 0 {
            return bad("at least one EM iteration is needed".into());
        }
        if p.bootstrap > 10_000 {
            return bad(format!(
                "at most 10,000 bootstrap replicates, got {}",
                p.bootstrap
            ));
        }
        if let Anchor::Named(name) = &p.anchor
            && name.trim().is_empty()
        {
            return bad("the anchor must name a member or a group".into());
        }
        Ok(())
    }
}

impl ParamGuard for IdealParams {
    type Checked = IdealValidParams;
    type Error = IdealError;

    fn check_ref(&self) -> Result<&IdealValidParams, IdealError> {
        self.validate()?;
        Ok(&self.0)
    }

    fn check(self) -> Result<IdealValidParams, IdealError> {
        self.validate()?;
        Ok(self.0)
    }
}

impl IdealValidParams {
    /// The prior and algorithm constants the EM reads.
    pub(crate) fn priors(&self) -> Priors {
        Priors {
            x_precision: 1.0 / self.prior_x_variance,
            item_precision: 1.0 / self.prior_item_variance,
            walk_precision: 1.0 / self.walk_variance,
            min_gap: self.min_gap,
        }
    }
}

/// Precisions of the priors and the floor of the abstention band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Priors {
    pub x_precision: f64,
    pub item_precision: f64,
    pub walk_precision: f64,
    pub min_gap: f64,
}
