//! Bridges: motions of the same text voted in different periods, which a dynamic fit gives one
//! set of parameters so that the periods share a scale (Bailey, Strezhnev & Voeten 2017).

use super::IdealError;
use crate::model::{Dataset, Part};
use std::collections::BTreeMap;
use std::path::Path;

/// A title folded for comparison: lower case, letters and digits only, words separated by one
/// space (`"Israeli practices: human rights (1)"` → `"israeli practices human rights 1"`).
///
/// # Examples
///
/// ```
/// use votebloc::ideal::normalised_title;
/// assert_eq!(normalised_title("  PALESTINE-information "), "palestine information");
/// ```
pub fn normalised_title(title: &str) -> String {
    let folded: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pairs of motions (dataset indices) to bridge automatically: votes on a text as a whole
/// (not on a paragraph or an amendment) whose normalised titles are equal, of at least two
/// words, in different periods. A title voted more than once in some period is ambiguous
/// (two texts, or a text and its paragraphs under one name) and bridges nothing. Each group is
/// returned as a chain of pairs from its first motion.
///
/// # Complexity
/// O(M log M) for M motions.
pub fn auto_bridges(data: &Dataset, periods: &[Option<u32>]) -> Vec<(usize, usize)> {
    let mut by_title: BTreeMap<String, Vec<(u32, usize)>> = BTreeMap::new();
    for (index, motion) in data.motions.iter().enumerate() {
        let (Some(period), Some(title)) = (periods[index], motion.title.as_deref()) else {
            continue;
        };
        if !matches!(motion.part, Part::Whole | Part::Other) {
            continue;
        }
        let title = normalised_title(title);
        if title.split(' ').count() < 2 {
            continue;
        }
        by_title.entry(title).or_default().push((period, index));
    }
    let mut pairs = Vec::new();
    for (_, mut motions) in by_title {
        motions.sort_unstable();
        let repeated = motions.windows(2).any(|w| w[0].0 == w[1].0);
        if motions.len() < 2 || repeated {
            continue;
        }
        pairs.extend(motions.windows(2).map(|w| (w[0].1, w[1].1)));
    }
    pairs
}

/// A motion id as a bridge file writes it: `299`, `299.0` and ` 299 ` are `299`.
fn motion_id(text: &str) -> String {
    let text = text.trim();
    match text.split_once('.') {
        Some((whole, zeros))
            if !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && zeros.bytes().all(|b| b == b'0') =>
        {
            whole.to_string()
        }
        _ => text.to_string(),
    }
}

/// Reads a CSV of bridge pairs: the columns `rcid1,rcid2` (Voeten's `matches.csv`) or
/// `motion1,motion2`, or a file of two columns. Returns the pairs as motion ids.
///
/// # Errors
/// [`IdealError::BridgeIo`] when the file cannot be read; [`IdealError::BridgeFile`] with the
/// line for a missing column or an empty id.
///
/// # Examples
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("matches.csv");
/// std::fs::write(&path, "v1,rcid1,rcid2\n1,299,331\n2,392.0,423\n").unwrap();
/// let pairs = votebloc::ideal::read_bridges(&path).unwrap();
/// assert_eq!(pairs, vec![("299".into(), "331".into()), ("392".into(), "423".into())]);
/// ```
pub fn read_bridges(path: &Path) -> Result<Vec<(String, String)>, IdealError> {
    let io = |source| IdealError::BridgeIo {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let bad = |line: u64, message: String| IdealError::BridgeFile {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let header = reader
        .headers()
        .map_err(|e| bad(1, format!("cannot read the header: {e}")))?
        .clone();
    let column = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let (first, second) = match (column(&["rcid1", "motion1"]), column(&["rcid2", "motion2"])) {
        (Some(a), Some(b)) => (a, b),
        _ if header.len() == 2 => (0, 1),
        _ => {
            return Err(bad(
                1,
                format!(
                    "expected the columns rcid1,rcid2 (or motion1,motion2, or two columns), found {}",
                    header.iter().collect::<Vec<_>>().join(",")
                ),
            ));
        }
    };
    let mut pairs = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, format!("cannot read the row: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let (Some(a), Some(b)) = (record.get(first), record.get(second)) else {
            return Err(bad(line, "expected two motion ids".to_string()));
        };
        let (a, b) = (motion_id(a), motion_id(b));
        if a.is_empty() || b.is_empty() {
            return Err(bad(line, "an empty motion id".to_string()));
        }
        pairs.push((a, b));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DatasetBuilder, Member, Motion, Vote};

    #[test]
    fn same_titles_in_different_periods_bridge_unless_repeated() {
        let mut b = DatasetBuilder::new("x");
        let spec = [
            ("1", "Palestine information", 1, Part::Whole),
            ("2", "Palestine: information", 2, Part::Whole),
            ("3", "Korea", 1, Part::Whole),
            ("4", "Korea", 2, Part::Whole),
            ("5", "Nuclear testing", 1, Part::Whole),
            ("6", "Nuclear testing", 2, Part::Whole),
            ("7", "Nuclear testing", 2, Part::Operative(1)),
            ("8", "Arms race", 1, Part::Whole),
            ("9", "Arms race", 1, Part::Whole),
            ("10", "Arms race", 2, Part::Whole),
        ];
        let a = b.member(Member::new("A", "A"));
        for (id, title, session, part) in spec {
            let mut m = Motion::new(id);
            m.title = Some(title.into());
            m.session = Some(session);
            m.part = part;
            let m = b.motion(m);
            b.push(m, a, Vote::Yes, None, 0).unwrap();
        }
        let data = b.finish().unwrap();
        let periods: Vec<Option<u32>> = data.motions.iter().map(|m| m.session).collect();
        let ids = |pairs: Vec<(usize, usize)>| -> Vec<(String, String)> {
            pairs
                .into_iter()
                .map(|(i, j)| (data.motions[i].id.clone(), data.motions[j].id.clone()))
                .collect()
        };
        assert_eq!(
            ids(auto_bridges(&data, &periods)),
            vec![
                ("5".to_string(), "6".to_string()),
                ("1".to_string(), "2".to_string())
            ]
        );
    }

    #[test]
    fn a_bridge_file_without_the_columns_names_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.csv");
        std::fs::write(&path, "a,b,c\n1,2,3\n").unwrap();
        let err = read_bridges(&path).unwrap_err().to_string();
        assert!(
            err.contains("b.csv:1") && err.contains("rcid1,rcid2"),
            "{err}"
        );
        std::fs::write(&path, "rcid1,rcid2\n1,\n").unwrap();
        let err = read_bridges(&path).unwrap_err().to_string();
        assert!(err.contains("b.csv:2") && err.contains("empty"), "{err}");
    }
}
