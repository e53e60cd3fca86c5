//! The registry's data: `crates/votebloc/data/groups.csv`, embedded at compile time and read
//! once, on first use. The file holds one row per spell of membership of a state in a group
//! (`grouping,state,group,from,to,approximate,note`), sorted by grouping, state and date; its
//! header cites the sources and states the decisions (suspensions, seats that changed hands,
//! the special cases of the regional groups).
//!
//! The file is data, not code, so that the lists can be checked against their sources and
//! corrected without reading Rust; the fields stay slices of the embedded text (a quoted field
//! holds no quote character, so none needs unescaping).

use super::Membership;
use std::sync::LazyLock;

/// The name of the embedded file, for messages.
const FILE_NAME: &str = "crates/votebloc/data/groups.csv";

/// The embedded file.
const FILE: &str = include_str!("../../data/groups.csv");

/// The columns of the file, in order.
const HEADER: &str = "grouping,state,group,from,to,approximate,note";

/// Why a line of the file cannot be read: its number (from 1) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DataError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The rows of each grouping, in file order.
type Tables = Vec<(&'static str, Vec<Membership>)>;

/// The embedded file, read on first use. Its tests read it, so it cannot fail in a build
/// whose tests pass.
static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    parse(FILE)
        .unwrap_or_else(|e| panic!("{FILE_NAME}: {e} (the embedded file is checked by the tests)"))
});

/// The memberships of the grouping named `grouping` (a [`super::Grouping`] name), in file
/// order; empty for a name the file does not hold.
pub(super) fn rows(grouping: &str) -> &'static [Membership] {
    TABLES
        .iter()
        .find(|(name, _)| *name == grouping)
        .map_or(&[], |(_, rows)| rows.as_slice())
}

/// The names of the groupings of the file, in file order.
#[cfg(test)]
pub(super) fn groupings() -> Vec<&'static str> {
    TABLES.iter().map(|(name, _)| *name).collect()
}

/// The fields of one line: commas separate them; a field that starts with a quote runs to the
/// next quote, which must end the field.
fn fields(line: &'static str) -> Result<Vec<&'static str>, String> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let close = quoted.find('"').ok_or_else(|| {
                format!(
                    "field {} opens a quote that is never closed",
                    fields.len() + 1
                )
            })?;
            fields.push(&quoted[..close]);
            rest = &quoted[close + 1..];
            match rest.strip_prefix(',') {
                Some(next) => rest = next,
                None if rest.is_empty() => return Ok(fields),
                None => {
                    return Err(format!(
                        "field {}: expected a comma or the end of the line after the closing quote",
                        fields.len()
                    ));
                }
            }
        } else {
            match rest.find(',') {
                Some(comma) => {
                    fields.push(&rest[..comma]);
                    rest = &rest[comma + 1..];
                }
                None => {
                    fields.push(rest);
                    return Ok(fields);
                }
            }
        }
    }
}

/// Reads the file: comment lines (`#`) and blank lines skipped, then the header, then one
/// membership per line, grouped by grouping in file order.
///
/// # Errors
///
/// The first line that is not the header where it is expected, has not 7 fields, opens a
/// quote it does not close, leaves the grouping, state, group or start date empty, or has an
/// `approximate` other than empty or `yes`; or a grouping whose rows are not together.
pub(super) fn parse(text: &'static str) -> Result<Tables, DataError> {
    let mut tables: Tables = Vec::new();
    let mut header = false;
    for (index, line) in text.lines().enumerate() {
        let error = |message: String| DataError {
            line: index + 1,
            message,
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !header {
            if line != HEADER {
                return Err(error(format!(
                    "expected the header `{HEADER}`, found `{line}`"
                )));
            }
            header = true;
            continue;
        }
        let fields = fields(line).map_err(error)?;
        let [grouping, alpha3, group, from, to, approximate, note] = fields[..] else {
            return Err(error(format!(
                "expected 7 fields ({HEADER}), found {}",
                fields.len()
            )));
        };
        for (name, value) in [
            ("grouping", grouping),
            ("state", alpha3),
            ("group", group),
            ("from", from),
        ] {
            if value.is_empty() {
                return Err(error(format!("the {name} is empty")));
            }
        }
        let approximate = match approximate {
            "" => false,
            "yes" => true,
            other => {
                return Err(error(format!(
                    "expected `yes` or nothing in the approximate column, found `{other}`"
                )));
            }
        };
        let membership = Membership {
            alpha3,
            group,
            from,
            to: (!to.is_empty()).then_some(to),
            approximate,
            note: (!note.is_empty()).then_some(note),
        };
        match tables.last_mut() {
            Some((name, rows)) if *name == grouping => rows.push(membership),
            _ => {
                if tables.iter().any(|(name, _)| *name == grouping) {
                    return Err(error(format!(
                        "the rows of grouping `{grouping}` are not together"
                    )));
                }
                tables.push((grouping, vec![membership]));
            }
        }
    }
    if !header {
        return Err(DataError {
            line: text.lines().count(),
            message: format!("no header `{HEADER}`"),
        });
    }
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_parses() {
        let tables = parse(FILE).unwrap();
        assert_eq!(tables.len(), 13);
        let rows: usize = tables.iter().map(|(_, rows)| rows.len()).sum();
        assert_eq!(rows, 752);
    }

    #[test]
    fn quoted_fields_keep_their_commas_and_empty_fields_are_none() {
        let text = "# a comment\n\ngrouping,state,group,from,to,approximate,note\n\
                    eu,FRA,EU,1958-01-01,,,\n\
                    eu,GBR,EU,1973-01-01,2020-02-01,yes,\"left, in 2020\"\n";
        let tables = parse(text).unwrap();
        assert_eq!(tables[0].0, "eu");
        let rows = &tables[0].1;
        assert_eq!(
            (rows[0].to, rows[0].note, rows[0].approximate),
            (None, None, false)
        );
        assert_eq!(rows[1].to, Some("2020-02-01"));
        assert_eq!(rows[1].note, Some("left, in 2020"));
        assert!(rows[1].approximate);
    }

    #[test]
    fn broken_lines_are_errors_with_their_line() {
        let header = "grouping,state,group,from,to,approximate,note\n";
        let cases = [
            ("eu,FRA,EU\n", "expected 7 fields"),
            ("eu,FRA,EU,1958-01-01,,,\"open\n", "never closed"),
            ("eu,FRA,EU,1958-01-01,,,\"a\"b\n", "after the closing quote"),
            ("eu,FRA,EU,1958-01-01,,maybe,\n", "approximate column"),
            ("eu,,EU,1958-01-01,,,\n", "the state is empty"),
            ("eu,FRA,EU,,,,\n", "the from is empty"),
            (
                "eu,FRA,EU,1958-01-01,,,\nnato,FRA,NATO,1949-08-24,,,\neu,ITA,EU,1958-01-01,,,\n",
                "not together",
            ),
        ];
        for (rows, expected) in cases {
            let text: &'static str = format!("{header}{rows}").leak();
            let error = parse(text).unwrap_err();
            assert!(error.message.contains(expected), "{rows:?}: {error}");
            assert!(error.line >= 2, "{rows:?}: {error}");
        }
        let error = parse("eu,FRA,EU,1958-01-01,,,\n").unwrap_err();
        assert_eq!(error.line, 1);
        assert!(
            error.to_string().starts_with("line 1: expected the header"),
            "{error}"
        );
        assert!(
            parse("# nothing\n")
                .unwrap_err()
                .message
                .contains("no header")
        );
    }
}
