//! Parameters of the swing analysis, with documented defaults.

use super::SwingError;
use crate::model::Motion;
use crate::params::valid_params;

/// The majority a motion needs to be adopted, counted over the members *present and voting*
/// (those casting yes or no; abstentions do not count), as in Article 18 of the UN Charter and
/// rules 86 and 126 of the Rules of Procedure of the General Assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Majority {
    /// More yes than no; a tie rejects (GA rules 95 and 133).
    Simple,
    /// At least two thirds of yes and no votes are yes (`3·yes ≥ 2·(yes + no)`, i.e.
    /// `yes ≥ 2·no`), and at least one yes or no vote (Charter art. 18(2), "important
    /// questions").
    TwoThirds,
}

impl Majority {
    /// Whether `yes` and `no` votes adopt a motion under this rule. Abstentions never count.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::swing::Majority;
    /// assert!(Majority::Simple.adopts(51, 49));
    /// assert!(!Majority::Simple.adopts(50, 50));
    /// assert!(Majority::TwoThirds.adopts(100, 50));
    /// assert!(!Majority::TwoThirds.adopts(99, 50));
    /// ```
    pub fn adopts(self, yes: usize, no: usize) -> bool {
        match self {
            Majority::Simple => yes > no,
            Majority::TwoThirds => yes + no > 0 && yes >= 2 * no,
        }
    }

    /// `simple` or `two-thirds`.
    pub fn as_str(self) -> &'static str {
        match self {
            Majority::Simple => "simple",
            Majority::TwoThirds => "two-thirds",
        }
    }
}

/// Words in a motion's title or outcome that mark a two-thirds requirement, lower case, in
/// English, French and Spanish.
const TWO_THIRDS_MARKERS: [&str; 5] = [
    "two-thirds",
    "two thirds",
    "2/3",
    "deux tiers",
    "dos tercios",
];

/// Parameters of [`analyze`](super::analyze) and the functions it calls.
///
/// Defaults and why (see DESIGN.md, "Swing members"):
/// - `outlier_mads` 3: a member is judged against its own group (caucus or bloc), flagged
///   only when its value is above the group's median by more than 3 median absolute
///   deviations (× 1.4826), the "very conservative" rule of Leys et al. (2013). A fixed
///   threshold flags everyone in two close blocs; this one flags the group's outliers.
/// - `defection_threshold` 0.05 and `defection_median_factor` 2: besides being an outlier, a
///   defector votes against its group on at least 5 % of the votes counted and at least
///   twice as often as its group's median member, so that in a very cohesive group (MAD 0)
///   one stray vote does not make a defector.
/// - `bridge_gap` 0.5: besides being an outlier, a bridging member has covered at least half
///   of the way from its bloc's median ratio to 1 (as close to the other bloc as to its own).
/// - `bridge_min_motions` 20 (W-NOMINATE's minimum of votes per legislator): bridging is not
///   judged on fewer motions, where one vote moves a ratio by more than the spread it is
///   judged against (the seed's five motions).
/// - `stability_threshold` 0.8: a member placed with its consensus bloc in fewer than 4 runs out
///   of 5 is not reliably in that bloc.
/// - `pivot_max_switches` 5: a motion is "narrow" when five members or fewer changing their vote
///   would have reversed the outcome.
/// - `majority` [`Majority::Simple`], with `detect_two_thirds` on: a motion whose title or
///   outcome mentions "two-thirds" / "two thirds" / "2/3" / "deux tiers" / "dos tercios" needs
///   two thirds, as do the motions listed in `two_thirds_motions`.
///
/// # Examples
///
/// ```
/// use votebloc::swing::{Majority, SwingParams};
/// let params = SwingParams::default()
///     .bridge_gap(0.6)
///     .pivot_max_switches(3)
///     .two_thirds_motion("A/77/L.1");
/// params.validate().unwrap();
/// assert!(SwingParams::default().stability_threshold(1.5).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SwingParams {
    /// Share of the way from its bloc's median bridge ratio to 1 a member must have covered
    /// to be "between blocs" (default 0.5).
    pub bridge_gap: f64,
    /// Fewest motions for the bridge criterion (default 20): with fewer, similarities take a
    /// handful of values (multiples of 1/M) and one vote moves a ratio by more than the
    /// spread it is judged against.
    pub bridge_min_motions: usize,
    /// Median absolute deviations (× 1.4826) above the group's median that make an outlier
    /// (default 3).
    pub outlier_mads: f64,
    /// A defector's rate is at least this multiple of its group's median rate (default 2).
    pub defection_median_factor: f64,
    /// Stability strictly below which a member is "unstable" (default 0.8).
    pub stability_threshold: f64,
    /// Smallest defection rate of a "defector" (default 0.05).
    pub defection_threshold: f64,
    /// Largest number of vote switches that still makes a motion "narrow" (default 5).
    pub pivot_max_switches: usize,
    /// The rule for motions not otherwise marked (default [`Majority::Simple`]).
    pub majority: Majority,
    /// Read "two-thirds" from a motion's title and outcome (default true).
    pub detect_two_thirds: bool,
    /// Ids of motions that need two thirds whatever their text says (default none).
    pub two_thirds_motions: Vec<String>,
}

valid_params! {
    /// [`SwingParams`] checked ([`ParamGuard`](crate::ParamGuard)): what
    /// [`analyze`](super::analyze) runs with.
    pub struct SwingValidParams(SwingParams) checked by SwingError;
}

impl Default for SwingParams {
    fn default() -> SwingParams {
        SwingParams {
            bridge_gap: 0.5,
            bridge_min_motions: 20,
            outlier_mads: 3.0,
            defection_median_factor: 2.0,
            stability_threshold: 0.8,
            defection_threshold: 0.05,
            pivot_max_switches: 5,
            majority: Majority::Simple,
            detect_two_thirds: true,
            two_thirds_motions: Vec::new(),
        }
    }
}

impl SwingParams {
    /// Sets [`SwingParams::bridge_gap`].
    pub fn bridge_gap(mut self, value: f64) -> SwingParams {
        self.bridge_gap = value;
        self
    }

    /// Sets [`SwingParams::outlier_mads`].
    pub fn outlier_mads(mut self, value: f64) -> SwingParams {
        self.outlier_mads = value;
        self
    }

    /// Sets [`SwingParams::stability_threshold`].
    pub fn stability_threshold(mut self, value: f64) -> SwingParams {
        self.stability_threshold = value;
        self
    }

    /// Sets [`SwingParams::defection_threshold`].
    pub fn defection_threshold(mut self, value: f64) -> SwingParams {
        self.defection_threshold = value;
        self
    }

    /// Sets [`SwingParams::pivot_max_switches`].
    pub fn pivot_max_switches(mut self, value: usize) -> SwingParams {
        self.pivot_max_switches = value;
        self
    }

    /// Sets [`SwingParams::majority`].
    pub fn majority(mut self, value: Majority) -> SwingParams {
        self.majority = value;
        self
    }

    /// Sets [`SwingParams::detect_two_thirds`].
    pub fn detect_two_thirds(mut self, value: bool) -> SwingParams {
        self.detect_two_thirds = value;
        self
    }

    /// Adds a motion id to [`SwingParams::two_thirds_motions`].
    pub fn two_thirds_motion(mut self, id: impl Into<String>) -> SwingParams {
        self.two_thirds_motions.push(id.into());
        self
    }

    /// Checks every parameter: `bridge_gap` in (0, 1\], `outlier_mads` and
    /// `defection_median_factor` finite and ≥ 0, `stability_threshold`
    /// in \[0, 1\], `defection_threshold` in (0, 1\], `pivot_max_switches` ≥ 1.
    pub fn validate(&self) -> Result<(), SwingError> {
        let invalid = |name, expected, found: String| {
            Err(SwingError::InvalidParameter {
                name,
                expected,
                found,
            })
        };
        if !(self.bridge_gap > 0.0 && self.bridge_gap <= 1.0) {
            return invalid(
                "bridge_gap",
                "a share above 0 and at most 1",
                self.bridge_gap.to_string(),
            );
        }
        for (name, value) in [
            ("outlier_mads", self.outlier_mads),
            ("defection_median_factor", self.defection_median_factor),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                return invalid(name, "a finite number ≥ 0", value.to_string());
            }
        }
        if !(0.0..=1.0).contains(&self.stability_threshold) {
            return invalid(
                "stability_threshold",
                "a share between 0 and 1",
                self.stability_threshold.to_string(),
            );
        }
        if !(self.defection_threshold > 0.0 && self.defection_threshold <= 1.0) {
            return invalid(
                "defection_threshold",
                "a share above 0 and at most 1",
                self.defection_threshold.to_string(),
            );
        }
        if self.pivot_max_switches == 0 {
            return invalid("pivot_max_switches", "at least 1", "0".to_string());
        }
        Ok(())
    }

    /// The majority `motion` needs: two thirds when its id is listed in
    /// [`SwingParams::two_thirds_motions`] or (with `detect_two_thirds`) its title or outcome
    /// mentions two thirds; otherwise [`SwingParams::majority`].
    ///
    /// # Complexity
    ///
    /// O(length of the texts + number of listed motions).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::Motion;
    /// use votebloc::swing::{Majority, SwingParams};
    /// let mut motion = Motion::new("r1");
    /// motion.outcome = Some("rejected (two-thirds majority required)".into());
    /// assert_eq!(SwingParams::default().majority_for(&motion), Majority::TwoThirds);
    /// assert_eq!(SwingParams::default().majority_for(&Motion::new("r2")), Majority::Simple);
    /// ```
    pub fn majority_for(&self, motion: &Motion) -> Majority {
        if self.two_thirds_motions.contains(&motion.id) {
            return Majority::TwoThirds;
        }
        if self.detect_two_thirds {
            let mentions = |text: &Option<String>| {
                text.as_deref().is_some_and(|t| {
                    let lower = t.to_lowercase();
                    TWO_THIRDS_MARKERS.iter().any(|m| lower.contains(m))
                })
            };
            if mentions(&motion.title) || mentions(&motion.outcome) {
                return Majority::TwoThirds;
            }
        }
        self.majority
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_documented_values() {
        let p = SwingParams::default();
        p.validate().unwrap();
        assert_eq!(p.bridge_gap, 0.5);
        assert_eq!(p.outlier_mads, 3.0);
        assert_eq!(p.defection_median_factor, 2.0);
        assert_eq!(p.stability_threshold, 0.8);
        assert_eq!(p.defection_threshold, 0.05);
        assert_eq!(p.pivot_max_switches, 5);
        assert_eq!(p.majority, Majority::Simple);
    }

    #[test]
    fn invalid_parameters_name_themselves() {
        let bad = [
            SwingParams::default().bridge_gap(f64::NAN),
            SwingParams::default().outlier_mads(-1.0),
            SwingParams::default().stability_threshold(-0.1),
            SwingParams::default().defection_threshold(0.0),
            SwingParams::default().pivot_max_switches(0),
        ];
        let names = [
            "bridge_gap",
            "outlier_mads",
            "stability_threshold",
            "defection_threshold",
            "pivot_max_switches",
        ];
        for (params, name) in bad.iter().zip(names) {
            let text = params.validate().unwrap_err().to_string();
            assert!(text.contains(name), "{text}");
        }
    }

    #[test]
    fn two_thirds_from_text_list_or_default() {
        let mut french = Motion::new("m1");
        french.title = Some("Majorité des DEUX TIERS requise".into());
        let listed = Motion::new("m2");
        let plain = Motion::new("m3");
        let params = SwingParams::default().two_thirds_motion("m2");
        assert_eq!(params.majority_for(&french), Majority::TwoThirds);
        assert_eq!(params.majority_for(&listed), Majority::TwoThirds);
        assert_eq!(params.majority_for(&plain), Majority::Simple);
        let off = params.clone().detect_two_thirds(false);
        assert_eq!(off.majority_for(&french), Majority::Simple);
        let all = SwingParams::default().majority(Majority::TwoThirds);
        assert_eq!(all.majority_for(&plain), Majority::TwoThirds);
    }
}
