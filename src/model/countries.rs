//! The registry of states: UN members, observers and the historical states of the UN data,
//! with their codes and their names in English, French and Spanish.
//!
//! Matching ignores case, accents, hyphens, apostrophes (straight or typographic), punctuation
//! and spacing, so "Tchéquie", "TCHEQUIE" and "Tche-quie" are one key.

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// How a state relates to the United Nations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A member state today.
    Member,
    /// A non-member observer state (Holy See, State of Palestine).
    Observer,
    /// A state that no longer exists (USSR, Yugoslavia, …) or a seat that changed hands.
    Historical,
}

/// One state of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3, or a code for a historical state (SUN, YUG, CSK, DDR, YMD, …).
    pub alpha3: &'static str,
    /// ISO 3166-1 alpha-2 (or the code used for a historical state, e.g. SU, YU, CS, DD).
    pub alpha2: Option<&'static str>,
    /// ISO 3166-1 numeric.
    pub numeric: Option<u16>,
    /// Correlates of War state code.
    pub cow: Option<u16>,
    /// UN official short name in English.
    pub name_en: &'static str,
    /// UN official short name in French.
    pub name_fr: &'static str,
    /// UN official short name in Spanish.
    pub name_es: &'static str,
    /// Other spellings met in real records (old names, misspellings, data-set names).
    pub variants: &'static [&'static str],
    pub status: Status,
    /// Date of admission to the UN (`YYYY-MM-DD`), for members and historical members.
    pub un_from: Option<&'static str>,
    /// Date the state left or ceased to exist (`YYYY-MM-DD`), if it did.
    pub un_to: Option<&'static str>,
}

impl Country {
    /// True when the state was a UN member on `date` (`YYYY-MM-DD`, compared as text).
    pub fn member_on(&self, date: &str) -> bool {
        match self.un_from {
            Some(from) => from <= date && self.un_to.is_none_or(|to| date < to),
            None => false,
        }
    }

    /// Every name this state is known by (official names first).
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        [self.name_en, self.name_fr, self.name_es]
            .into_iter()
            .chain(self.variants.iter().copied())
    }
}

#[path = "countries_data.rs"]
mod data;

/// Every state in the registry, in alpha-3 order.
pub fn all() -> &'static [Country] {
    data::COUNTRIES
}

struct Index {
    by_name: HashMap<String, usize>,
    by_alpha3: HashMap<&'static str, usize>,
    by_alpha2: HashMap<&'static str, usize>,
    by_numeric: HashMap<u16, usize>,
    by_cow: HashMap<u16, usize>,
    keys: Vec<(String, usize)>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut idx = Index {
            by_name: HashMap::new(),
            by_alpha3: HashMap::new(),
            by_alpha2: HashMap::new(),
            by_numeric: HashMap::new(),
            by_cow: HashMap::new(),
            keys: Vec::new(),
        };
        for (i, c) in all().iter().enumerate() {
            idx.by_alpha3.insert(c.alpha3, i);
            if let Some(a2) = c.alpha2 {
                idx.by_alpha2.entry(a2).or_insert(i);
            }
            if let Some(n) = c.numeric {
                idx.by_numeric.entry(n).or_insert(i);
            }
            if let Some(n) = c.cow {
                idx.by_cow.entry(n).or_insert(i);
            }
            for name in c.names() {
                let key = normalize(name);
                // The first state to claim a name keeps it: official names are listed before
                // variants, and current states before historical ones in the data.
                if !idx.by_name.contains_key(&key) {
                    idx.keys.push((key.clone(), i));
                    idx.by_name.insert(key, i);
                }
            }
        }
        idx.keys.sort();
        idx
    })
}

/// Folds a name to its matching key: Unicode decomposition with combining marks removed,
/// lower case, and every character that is not a letter or digit dropped (spaces, hyphens,
/// apostrophes of any kind, commas, parentheses, emphasis markers).
///
/// ```
/// use votebloc::countries::normalize;
/// assert_eq!(normalize("Côte d’Ivoire"), normalize("COTE D'IVOIRE"));
/// assert_eq!(normalize("Guinée-Bissau"), "guineebissau");
/// ```
pub fn normalize(name: &str) -> String {
    name.nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Finds a state by any of its names or variants. O(length of name).
///
/// ```
/// use votebloc::countries::lookup;
/// assert_eq!(lookup("Tchéquie").map(|c| c.alpha3), Some("CZE"));
/// assert_eq!(lookup("United States of America").map(|c| c.alpha3), Some("USA"));
/// assert!(lookup("Atlantis").is_none());
/// ```
pub fn lookup(name: &str) -> Option<&'static Country> {
    index().by_name.get(&normalize(name)).map(|&i| &all()[i])
}

/// Finds a state by its alpha-3 (or historical) code, ignoring case.
pub fn by_alpha3(code: &str) -> Option<&'static Country> {
    let upper = code.trim().to_ascii_uppercase();
    index().by_alpha3.get(upper.as_str()).map(|&i| &all()[i])
}

/// Finds a state by its alpha-2 code, ignoring case.
pub fn by_alpha2(code: &str) -> Option<&'static Country> {
    let upper = code.trim().to_ascii_uppercase();
    index().by_alpha2.get(upper.as_str()).map(|&i| &all()[i])
}

/// Finds a state by its ISO numeric code.
pub fn by_numeric(code: u16) -> Option<&'static Country> {
    index().by_numeric.get(&code).map(|&i| &all()[i])
}

/// Finds a state by its Correlates of War code.
pub fn by_cow(code: u16) -> Option<&'static Country> {
    index().by_cow.get(&code).map(|&i| &all()[i])
}

/// The states that were UN members on `date` (`YYYY-MM-DD`), in alpha-3 order.
pub fn un_members_on(date: &str) -> Vec<&'static Country> {
    all().iter().filter(|c| c.member_on(date)).collect()
}

/// The `n` known names closest to `name` (edit distance on the matching keys), for error
/// messages about unknown names. Cost: O(K · L²) over the K known names.
pub fn suggest(name: &str, n: usize) -> Vec<&'static str> {
    let key = normalize(name);
    let mut scored: Vec<(usize, &'static str)> = Vec::new();
    for (known, i) in &index().keys {
        let distance = edit_distance(&key, known);
        let country = &all()[*i];
        let display = country
            .names()
            .find(|n| normalize(n) == *known)
            .unwrap_or(country.name_en);
        scored.push((distance, display));
    }
    scored.sort();
    let mut out: Vec<&'static str> = Vec::new();
    for (_, display) in scored {
        if !out.contains(&display) {
            out.push(display);
        }
        if out.len() == n {
            break;
        }
    }
    out
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_name_the_closest_state() {
        let s = suggest("Frnace", 3);
        assert!(s.contains(&"France"), "{s:?}");
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
