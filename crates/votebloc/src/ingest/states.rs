//! The state of a row of a UN data set, from a code column and a name column: one rule for
//! every reader that has both (unvotes: ISO alpha-2; the UN Digital Library: ISO numeric).

use super::IngestError;
use super::csv_rows::Row;
use crate::model::countries::{self, Country};

/// The kind of code a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StateCode {
    /// ISO 3166-1 alpha-2 (`US`; historical codes such as `CS`, `DD`, `YU` included).
    Alpha2,
    /// ISO 3166-1 numeric (`840`).
    Numeric,
}

impl StateCode {
    /// What the column is, in an unknown-code error.
    fn what(self) -> &'static str {
        match self {
            StateCode::Alpha2 => "country code (ISO 3166-1 alpha-2)",
            StateCode::Numeric => "ISO 3166-1 numeric code",
        }
    }

    /// How a mismatch with the name calls the code.
    fn label(self) -> &'static str {
        match self {
            StateCode::Alpha2 => "country code",
            StateCode::Numeric => "numeric code",
        }
    }

    /// The state of the code in `column`.
    fn lookup(self, row: &Row<'_>, column: usize) -> Result<Option<&'static Country>, IngestError> {
        Ok(match self {
            StateCode::Alpha2 => countries::by_alpha2(row.field(column)),
            StateCode::Numeric => {
                countries::by_numeric(row.parse(column, "an ISO 3166-1 numeric code")?)
            }
        })
    }

    /// `country`'s code of this kind, with its name, as a suggestion.
    fn suggestion(self, country: &Country) -> Option<String> {
        match self {
            StateCode::Alpha2 => country
                .alpha2
                .map(|a2| format!("{a2} ({})", country.name_en)),
            StateCode::Numeric => country
                .numeric
                .map(|n| format!("{n:03} ({})", country.name_en)),
        }
    }
}

/// The state of a row: by its code when the code column has one (the name, when there is
/// one, must not name another state), by its name otherwise.
///
/// # Errors
/// An unknown code (with the code of the state the name names, if any), an unknown name, or
/// a name naming another state than the code; each with the file and line.
pub(crate) fn resolve_state(
    row: &Row<'_>,
    code: Option<(usize, StateCode)>,
    name_column: Option<usize>,
) -> Result<&'static Country, IngestError> {
    let name = row.optional(name_column).unwrap_or("");
    let by_name = countries::lookup(name);
    let Some((column, kind)) = code.filter(|&(c, _)| !row.field(c).is_empty()) else {
        return by_name.ok_or_else(|| row.unknown("state name", name));
    };
    let text = row.field(column);
    let Some(country) = kind.lookup(row, column)? else {
        return Err(IngestError::UnknownMember {
            path: row.path.to_path_buf(),
            line: row.line,
            what: kind.what().to_string(),
            name: text.to_string(),
            suggestions: by_name
                .and_then(|c| kind.suggestion(c))
                .into_iter()
                .collect(),
        });
    };
    match by_name {
        Some(other) if other.alpha3 != country.alpha3 => Err(row.error(
            name_column.unwrap_or(0),
            &format!(
                "the state of {} {text} ({}), not {}",
                kind.label(),
                country.name_en,
                other.name_en
            ),
            name,
        )),
        _ => Ok(country),
    }
}
