//! Parameters of the swing analysis, with documented defaults.

use super::SwingError;
use crate::model::Motion;
use crate::params::valid_params;

/// The majority a motion needs to be adopted. Simple and two-thirds majorities count the
/// members *present and voting* (those casting yes or no; abstentions do not count), as in
/// Article 18 of the UN Charter and rules 86 and 126 of the Rules of Procedure of the General
/// Assembly; three fifths counts every member of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Majority {
    /// More yes than no; a tie rejects (GA rules 95 and 133; in the US Senate the
    /// Vice-President may break it: see [`decide`](super::decide)).
    Simple,
    /// At least two thirds of yes and no votes are yes (`3·yes ≥ 2·(yes + no)`, i.e.
    /// `yes ≥ 2·no`), and at least one yes or no vote (Charter art. 18(2), "important
    /// questions"; in Congress a veto override, US Constitution art. I §7; a conviction on
    /// impeachment and a treaty's ratification in the Senate, art. I §3 and art. II §2).
    TwoThirds,
    /// At least three fifths of the `members` of the body vote yes, whether the others vote no,
    /// abstain or are absent: cloture in the US Senate ("three-fifths of the Senators duly
    /// chosen and sworn", Standing Rules of the Senate, rule XXII). `members` counts those with
    /// a record other than not-a-member on the motion.
    ThreeFifths {
        /// Members of the body on the motion (100 in a full Senate).
        members: u32,
    },
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
    /// assert!(Majority::ThreeFifths { members: 100 }.adopts(60, 38));
    /// assert!(!Majority::ThreeFifths { members: 100 }.adopts(59, 1));
    /// ```
    pub fn adopts(self, yes: usize, no: usize) -> bool {
        match self {
            Majority::Simple => yes > no,
            Majority::TwoThirds => yes + no > 0 && yes >= 2 * no,
            Majority::ThreeFifths { members } => yes > 0 && 5 * yes >= 3 * members as usize,
        }
    }

    /// `simple`, `two-thirds` or `three-fifths`.
    pub fn as_str(self) -> &'static str {
        match self {
            Majority::Simple => "simple",
            Majority::TwoThirds => "two-thirds",
            Majority::ThreeFifths { .. } => "three-fifths",
        }
    }
}

/// Words of a question put to a legislature that mark a two-thirds vote, lower case: a veto
/// override (the House's "On Overriding the Veto", the Senate's "On Passage of the Bill, the
/// Objections of the President of the United States to the Contrary Notwithstanding"), an
/// impeachment verdict ("Guilty or Not Guilty"), a treaty ("On the Resolution of
/// Ratification").
const TWO_THIRDS_QUESTIONS: [&str; 5] = [
    "veto",
    "objections of the president",
    "notwithstanding",
    "guilty",
    "resolution of ratification",
];

/// The day the Senate ended the three-fifths cloture on nominations other than to the Supreme
/// Court (a precedent of 21 November 2013), and the day it did so for the Supreme Court (6
/// April 2017): from then on cloture on a nomination needs a simple majority.
const NOMINATIONS_BY_MAJORITY: (&str, &str) = ("2013-11-21", "2017-04-06");

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

    /// The majority `motion` needs, `members` being the members of the body on it (those
    /// with a record other than not-a-member): two thirds when its id is listed in
    /// [`SwingParams::two_thirds_motions`] or (with `detect_two_thirds`) its title or outcome
    /// mentions two thirds; else the rule its [`Motion::question`] names in a legislature
    /// (three fifths for cloture, but a simple majority for cloture on a nomination since the
    /// Senate's precedents of 2013 and 2017; two thirds for a veto override, an impeachment
    /// verdict or a treaty); otherwise [`SwingParams::majority`].
    ///
    /// unvotes' `importantvote` flag is not a rule: it marks the votes the US State Department
    /// reports as important to the United States, not the "important questions" of Article
    /// 18(2) of the Charter, which the data do not name.
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
    /// let params = SwingParams::default();
    /// assert_eq!(params.majority_for(&motion, 193), Majority::TwoThirds);
    /// assert_eq!(params.majority_for(&Motion::new("r2"), 193), Majority::Simple);
    /// let mut cloture = Motion::new("S117-10");
    /// cloture.question = Some("On the Cloture Motion".into());
    /// assert_eq!(params.majority_for(&cloture, 100), Majority::ThreeFifths { members: 100 });
    /// ```
    pub fn majority_for(&self, motion: &Motion, members: usize) -> Majority {
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
        question_rule(motion, members).unwrap_or(self.majority)
    }
}

/// The majority the question put to a legislature names (see [`SwingParams::majority_for`]);
/// `None` for a question that names none, or no question.
fn question_rule(motion: &Motion, members: usize) -> Option<Majority> {
    let question = motion.question.as_deref()?.to_lowercase();
    if question.contains("cloture") {
        let nomination = motion
            .document
            .as_deref()
            .is_some_and(|d| d.starts_with("PN"));
        let supreme_court = motion
            .title
            .as_deref()
            .is_some_and(|t| t.contains("Supreme Court"));
        let since = if supreme_court {
            NOMINATIONS_BY_MAJORITY.1
        } else {
            NOMINATIONS_BY_MAJORITY.0
        };
        let by_majority = nomination && motion.date.as_deref().is_some_and(|d| d >= since);
        return Some(if by_majority {
            Majority::Simple
        } else {
            Majority::ThreeFifths {
                members: u32::try_from(members).unwrap_or(u32::MAX),
            }
        });
    }
    TWO_THIRDS_QUESTIONS
        .iter()
        .any(|words| question.contains(words))
        .then_some(Majority::TwoThirds)
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
        assert_eq!(params.majority_for(&french, 10), Majority::TwoThirds);
        assert_eq!(params.majority_for(&listed, 10), Majority::TwoThirds);
        assert_eq!(params.majority_for(&plain, 10), Majority::Simple);
        let off = params.clone().detect_two_thirds(false);
        assert_eq!(off.majority_for(&french, 10), Majority::Simple);
        let all = SwingParams::default().majority(Majority::TwoThirds);
        assert_eq!(all.majority_for(&plain, 10), Majority::TwoThirds);
    }

    /// The Senate's rules, from Voteview's questions (roll calls of the 117th Congress).
    #[test]
    fn the_question_names_the_senate_rule() {
        let motion = |question: &str, document: &str, date: &str, title: &str| Motion {
            question: Some(question.into()),
            document: Some(document.into()),
            date: Some(date.into()),
            title: Some(title.into()),
            chamber: Some("Senate".into()),
            ..Motion::new("S117-1")
        };
        let params = SwingParams::default();
        let rule = |m: &Motion| params.majority_for(m, 100);
        // Cloture on a bill: 60 of the 100 senators sworn.
        let bill = motion("On the Cloture Motion", "HR3684", "2021-08-07", "A bill");
        assert_eq!(rule(&bill), Majority::ThreeFifths { members: 100 });
        assert!(!rule(&bill).adopts(59, 0));
        // S117-10 (Mayorkas): cloture on a nomination, 55–42, agreed to by a simple majority.
        let nomination = motion("On the Cloture Motion", "PN7813", "2021-01-28", "Mayorkas");
        assert_eq!(rule(&nomination), Majority::Simple);
        assert!(rule(&nomination).adopts(55, 42));
        let before = motion("On the Cloture Motion", "PN1", "2013-11-20", "a judge");
        assert_eq!(rule(&before), Majority::ThreeFifths { members: 100 });
        let court = motion(
            "On the Cloture Motion",
            "PN2",
            "2016-03-01",
            "to be an Associate Justice of the Supreme Court of the United States",
        );
        assert_eq!(rule(&court), Majority::ThreeFifths { members: 100 });
        // S117-59: 57 guilty, 43 not guilty: acquitted under two thirds.
        let verdict = motion("Guilty or Not Guilty", "HRES24", "2021-02-13", "impeaching");
        assert_eq!(rule(&verdict), Majority::TwoThirds);
        assert!(!rule(&verdict).adopts(57, 43));
        let override_ = motion("On Overriding the Veto", "HR1", "2020-01-01", "");
        assert_eq!(rule(&override_), Majority::TwoThirds);
        let passage = motion("On Passage of the Bill", "HR335", "2021-01-21", "A bill");
        assert_eq!(rule(&passage), Majority::Simple);
    }

    /// unvotes' `importantvote` is the State Department's list, not Article 18(2).
    #[test]
    fn an_important_vote_is_not_a_two_thirds_vote() {
        let important = Motion {
            important: true,
            ..Motion::new("5394")
        };
        assert_eq!(
            SwingParams::default().majority_for(&important, 193),
            Majority::Simple
        );
    }
}
