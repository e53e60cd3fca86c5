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
}
