//! Members: who votes.

use serde::{Deserialize, Serialize};

/// A voting member: a state (ISO 3166-1 alpha-3 code, or a code for a historical state such as
/// `SUN`, `YUG`) or a legislator (a source id such as an ICPSR number).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Member {
    /// Stable code; members are ordered by it before anything random happens.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Party, regional group or caucus, when the source gives one.
    pub group: Option<String>,
}

impl Member {
    pub fn new(code: impl Into<String>, name: impl Into<String>) -> Member {
        Member {
            code: code.into(),
            name: name.into(),
            group: None,
        }
    }

    /// The name plots and tables label the member with: a legislator named as the Voteview
    /// reader names them (`COLLINS, Susan Margaret (ME)`, party `Republican`) by surname,
    /// party initial and state, `Collins (R-ME)`; anyone else by code (`USA`). The surname of
    /// an upper-case name is written in title case (`McConnell`, `Van Hollen`, `Hyde-Smith`);
    /// a party named `party N` (an unknown code) gives no initial: `Smith (TX)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::Member;
    /// let mut collins = Member::new("49703", "COLLINS, Susan Margaret (ME)");
    /// collins.group = Some("Republican".to_string());
    /// assert_eq!(collins.short_name(), "Collins (R-ME)");
    /// let mut leader = Member::new("15021", "MCCONNELL, Addison Mitchell (Mitch) (KY)");
    /// leader.group = Some("Republican".to_string());
    /// assert_eq!(leader.short_name(), "McConnell (R-KY)");
    /// assert_eq!(Member::new("14226", "GRASSLEY, Charles Ernest (IA)").short_name(), "Grassley (IA)");
    /// assert_eq!(Member::new("USA", "United States of America").short_name(), "USA");
    /// assert_eq!(Member::new("BOL", "Bolivia (Plurinational State of)").short_name(), "BOL");
    /// ```
    pub fn short_name(&self) -> String {
        legislator_label(&self.name, self.group.as_deref()).unwrap_or_else(|| self.code.clone())
    }
}

/// `Surname (P-ST)` from a name `SURNAME, Given… (ST)` and a party; `None` for a name of
/// another shape.
fn legislator_label(name: &str, party: Option<&str>) -> Option<String> {
    let (rest, state) = name.strip_suffix(')')?.rsplit_once(" (")?;
    let is_state = state.len() == 2 && state.bytes().all(|b| b.is_ascii_uppercase());
    let (surname, _) = rest.split_once(", ")?;
    if !is_state || surname.is_empty() || !surname.chars().any(char::is_alphabetic) {
        return None;
    }
    let surname = if !surname.chars().any(char::is_lowercase) {
        title_case(surname)
    } else {
        // Voteview writes some surnames with a lower-case prefix: `McCONNELL`, `DeWINE`.
        surname
            .split_inclusive([' ', '-', '\''])
            .map(lower_upper_run)
            .collect()
    };
    let initial = party
        .filter(|p| !p.starts_with("party "))
        .and_then(|p| p.chars().next())
        .filter(|c| c.is_alphabetic())
        .map(|c| format!("{}-", c.to_uppercase()));
    Some(format!(
        "{surname} ({}{state})",
        initial.unwrap_or_default()
    ))
}

/// `word` with its capitals after the first of a run of three or more in lower case
/// (`McCONNELL` → `McConnell`, `DeWINE` → `DeWine`); other words as they are.
fn lower_upper_run(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let run = chars
        .windows(3)
        .position(|w| w.iter().all(|c| c.is_uppercase()));
    match run {
        Some(start) => chars[..=start]
            .iter()
            .copied()
            .chain(chars[start + 1..].iter().flat_map(|c| c.to_lowercase()))
            .collect(),
        None => word.to_string(),
    }
}

/// An upper-case surname in title case: each word (after a space, hyphen or apostrophe)
/// capitalised, `Mc` followed by a capital.
fn title_case(surname: &str) -> String {
    let mut out = String::with_capacity(surname.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let lower = word.to_lowercase();
        let mut chars = lower.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            let rest: String = chars.collect();
            match rest.strip_prefix('c') {
                Some(after) if first == 'm' && !after.is_empty() => {
                    out.push('c');
                    let mut after = after.chars();
                    if let Some(c) = after.next() {
                        out.extend(c.to_uppercase());
                    }
                    out.extend(after);
                }
                _ => out.push_str(&rest),
            }
        }
        word.clear();
    };
    for c in surname.chars() {
        if matches!(c, ' ' | '-' | '\'') {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legislator(name: &str, party: &str) -> String {
        let mut m = Member::new("1", name);
        m.group = Some(party.to_string());
        m.short_name()
    }

    #[test]
    fn legislators_get_surname_party_and_state() {
        assert_eq!(
            legislator("VAN HOLLEN, Christopher (MD)", "Democrat"),
            "Van Hollen (D-MD)"
        );
        assert_eq!(
            legislator("HYDE-SMITH, Cindy (MS)", "Republican"),
            "Hyde-Smith (R-MS)"
        );
        assert_eq!(
            legislator("SANDERS, Bernard (VT)", "Independent"),
            "Sanders (I-VT)"
        );
        assert_eq!(
            legislator("O'ROURKE, Beto (TX)", "Democrat"),
            "O'Rourke (D-TX)"
        );
        assert_eq!(
            legislator("LUJÁN, Ben Ray (NM)", "Democrat"),
            "Luján (D-NM)"
        );
        assert_eq!(
            legislator("MANCHIN, Joe, III (WV)", "Democrat"),
            "Manchin (D-WV)"
        );
        assert_eq!(
            legislator("Collins, Susan (ME)", "Republican"),
            "Collins (R-ME)"
        );
        assert_eq!(legislator("SMITH, John (TX)", "party 537"), "Smith (TX)");
        // Voteview's mixed-case surnames, as of the 117th Senate's members file.
        assert_eq!(
            legislator("McCONNELL, Addison Mitchell (Mitch) (KY)", "Republican"),
            "McConnell (R-KY)"
        );
        assert_eq!(
            legislator("DeWINE, Richard Michael (OH)", "Republican"),
            "DeWine (R-OH)"
        );
        assert_eq!(
            legislator("Van HOLLEN, Chris (MD)", "Democrat"),
            "Van Hollen (D-MD)"
        );
        // "MC" alone is a name, not a prefix.
        assert_eq!(legislator("MC, Ann (CA)", "Democrat"), "Mc (D-CA)");
    }

    #[test]
    fn other_names_give_the_code() {
        for name in [
            "France",
            "Micronesia (Federated States of)",
            "Korea, Republic of",
            "SMITH, John (Texas)",
            ", John (TX)",
            "SMITH (TX)",
        ] {
            assert_eq!(Member::new("CODE", name).short_name(), "CODE", "{name}");
        }
    }
}
