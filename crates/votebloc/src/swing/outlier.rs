//! The robust outlier rule the swing criteria share: a value far above its group's median,
//! measured in median absolute deviations.
//!
//! Reference: Leys, Ley, Klein, Bernard & Licata (2013), "Detecting outliers: do not use
//! standard deviation around the mean, use absolute deviation around the median", *Journal of
//! Experimental Social Psychology* 49(4):764–766. The MAD is scaled by 1.4826 so that it
//! estimates the standard deviation of normal data; 3 such deviations is their "very
//! conservative" cut-off.

/// Scale factor making the MAD a consistent estimator of a normal standard deviation.
pub const MAD_SCALE: f64 = 1.4826;

/// One member flagged by a swing criterion, with the figures that flagged it.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// Index of the member in the dataset.
    pub member: usize,
    /// The member's value (defection rate, bridge ratio).
    pub score: f64,
    /// The median of its group (caucus or bloc).
    pub median: f64,
    /// The group's MAD × 1.4826.
    pub spread: f64,
    /// The value above which a member of the group is flagged.
    pub cutoff: f64,
}

impl Flag {
    /// How far above the median the member is, in units of the cut-off's distance from the
    /// median (≥ 1 for a flagged member, larger = further out): the ranking key.
    pub fn severity(&self) -> f64 {
        let gap = self.cutoff - self.median;
        if gap > 0.0 {
            (self.score - self.median) / gap
        } else {
            f64::INFINITY
        }
    }
}

/// The median of `values` (NaN-free); `None` when empty. O(n log n).
///
/// ```
/// use votebloc::swing::median;
/// assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
/// assert_eq!(median(&[1.0, 2.0]), Some(1.5));
/// assert_eq!(median(&[]), None);
/// ```
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    Some(if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    })
}

/// Median and scaled MAD (MAD × 1.4826) of `values`; `None` when empty. O(n log n).
///
/// ```
/// use votebloc::swing::median_and_spread;
/// let (median, spread) = median_and_spread(&[1.0, 2.0, 3.0, 4.0, 100.0]).unwrap();
/// assert_eq!(median, 3.0);
/// assert!((spread - 1.4826).abs() < 1e-12);
/// ```
pub fn median_and_spread(values: &[f64]) -> Option<(f64, f64)> {
    let m = median(values)?;
    let deviations: Vec<f64> = values.iter().map(|v| (v - m).abs()).collect();
    Some((m, median(&deviations)? * MAD_SCALE))
}

/// Flags, within each group, the members whose value is above `median + k · spread` and
/// passes `extra(value, median)`. `values` are `(member, group, value)`; group 0 and NaN
/// values are skipped. Groups are judged on their own distribution only.
///
/// Cost: O(n log n). Order: member order.
pub(crate) fn flag_outliers(
    values: &[(usize, u32, f64)],
    k: f64,
    extra: impl Fn(f64, f64) -> bool,
) -> Vec<Flag> {
    let groups = values.iter().map(|v| v.1).max().unwrap_or(0) as usize;
    let mut by_group: Vec<Vec<f64>> = vec![Vec::new(); groups + 1];
    for &(_, group, value) in values {
        if group > 0 && value.is_finite() {
            by_group[group as usize].push(value);
        }
    }
    let stats: Vec<Option<(f64, f64)>> = by_group.iter().map(|v| median_and_spread(v)).collect();
    let mut flags: Vec<Flag> = values
        .iter()
        .filter(|&&(_, group, value)| group > 0 && value.is_finite())
        .filter_map(|&(member, group, value)| {
            let (median, spread) = stats[group as usize]?;
            let cutoff = median + k * spread;
            (value > cutoff && extra(value, median)).then_some(Flag {
                member,
                score: value,
                median,
                spread,
                cutoff,
            })
        })
        .collect();
    flags.sort_by_key(|f| f.member);
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_far_member_of_each_group_is_flagged() {
        // Group 1: 0.01..0.05 and 0.30; group 2 all equal (MAD 0): 0.2 is above the median.
        let values = [
            (0, 1, 0.01),
            (1, 1, 0.02),
            (2, 1, 0.03),
            (3, 1, 0.04),
            (4, 1, 0.05),
            (5, 1, 0.30),
            (6, 2, 0.10),
            (7, 2, 0.10),
            (8, 2, 0.20),
            (9, 0, 0.99),
        ];
        let flags = flag_outliers(&values, 3.0, |v, m| v >= 2.0 * m);
        let members: Vec<usize> = flags.iter().map(|f| f.member).collect();
        assert_eq!(members, vec![5, 8]);
        assert!((flags[0].median - 0.035).abs() < 1e-12);
        assert!(flags[0].severity() > 1.0);
        // The extra condition can veto: 0.2 < 3 × 0.1.
        let strict = flag_outliers(&values, 3.0, |v, m| v >= 3.0 * m);
        assert_eq!(strict.iter().map(|f| f.member).collect::<Vec<_>>(), vec![5]);
    }
}
