//! The members a plot must name besides the swing members: those far from their bloc.
//!
//! Reference: J. W. Tukey (1977), *Exploratory Data Analysis*, Addison-Wesley, §2C: a value
//! beyond the upper fence `Q3 + 1.5 (Q3 − Q1)` of its batch is "outside". Here the batch is
//! the distances of a bloc's members from the bloc's centre (the median of each coordinate)
//! on the plot; a bloc of at most [`SMALL_BLOC`] members is outside as a whole (it has no
//! spread to judge by, and a tiny bloc apart from the others is what a reader looks for).

/// Blocs of at most this many members are labelled whole.
pub const SMALL_BLOC: usize = 3;

/// The least distance from its bloc's centre, as a share of the plot's extent, of a member
/// called an outlier: a bloc drawn as one dot has no spread, and a member a pixel off its
/// centre is not worth a label.
pub const MIN_SHARE_OF_EXTENT: f64 = 0.05;

/// The quantile `q` of sorted `values` with linear interpolation (type 7, R's default).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    sorted[below] + (sorted[above] - sorted[below]) * (position - below as f64)
}

/// The median of `values` (not empty).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    quantile(&values, 0.5)
}

/// The members (indices, increasing) whose point lies beyond Tukey's upper fence of the
/// distances of their bloc's members from the bloc's centre, and farther from it than
/// [`MIN_SHARE_OF_EXTENT`] of the extent of all points; every member of a bloc of at most
/// [`SMALL_BLOC`] members. `points[i]` is member `i`'s position (a member with a non-finite
/// coordinate is skipped), `blocs[i]` its bloc (members without a bloc, 0, form one batch).
///
/// Deterministic.
///
/// # Complexity
///
/// O(n log n).
///
/// # Examples
///
/// ```
/// use votebloc::report::outliers::outliers;
/// // A bloc of eight around the origin with one member far out; a bloc of two apart.
/// let mut points: Vec<[f64; 2]> = (0..8).map(|i| [f64::from(i % 3) * 0.1, f64::from(i / 3) * 0.1]).collect();
/// points.push([3.0, 3.0]);
/// points.extend([[9.0, 0.0], [9.1, 0.0]]);
/// let blocs = [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2];
/// assert_eq!(outliers(&points, &blocs), vec![8, 9, 10]);
/// ```
pub fn outliers(points: &[[f64; 2]], blocs: &[u32]) -> Vec<usize> {
    let finite: Vec<usize> = (0..points.len().min(blocs.len()))
        .filter(|&i| points[i].iter().all(|v| v.is_finite()))
        .collect();
    let extent = (0..2)
        .map(|axis| {
            let values = finite.iter().map(|&i| points[i][axis]);
            let low = values.clone().fold(f64::INFINITY, f64::min);
            let high = values.fold(f64::NEG_INFINITY, f64::max);
            high - low
        })
        .fold(0.0, f64::max);
    let mut batches: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for &i in &finite {
        batches.entry(blocs[i]).or_default().push(i);
    }
    let mut found = Vec::new();
    for members in batches.values() {
        if members.len() <= SMALL_BLOC {
            found.extend(members);
            continue;
        }
        let centre = [0, 1].map(|axis| median(members.iter().map(|&i| points[i][axis]).collect()));
        let distance = |i: usize| (points[i][0] - centre[0]).hypot(points[i][1] - centre[1]);
        let mut distances: Vec<f64> = members.iter().map(|&i| distance(i)).collect();
        distances.sort_by(f64::total_cmp);
        let (q1, q3) = (quantile(&distances, 0.25), quantile(&distances, 0.75));
        let fence = (q3 + 1.5 * (q3 - q1)).max(MIN_SHARE_OF_EXTENT * extent);
        found.extend(members.iter().copied().filter(|&i| distance(i) > fence));
    }
    found.sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_as_r_does() {
        let values = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&values, 0.25), 1.75);
        assert_eq!(quantile(&values, 0.75), 3.25);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
    }

    #[test]
    fn a_bloc_at_one_spot_has_no_outlier_a_pixel_off() {
        let mut points = vec![[0.0, 0.0]; 10];
        points[3] = [0.001, 0.0];
        points.push([1.0, 1.0]);
        points.push([f64::NAN, 0.0]);
        let blocs = [1; 12];
        // Member 3 is beyond the fence (the IQR is 0) but not 5 % of the extent away.
        assert_eq!(outliers(&points, &blocs), vec![10]);
    }

    #[test]
    fn a_uniform_bloc_has_no_outlier() {
        let points: Vec<[f64; 2]> = (0..25)
            .map(|i| [f64::from(i % 5), f64::from(i / 5)])
            .collect();
        assert!(outliers(&points, &[1; 25]).is_empty());
    }
}
