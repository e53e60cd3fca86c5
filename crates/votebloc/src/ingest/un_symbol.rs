//! General Assembly resolutions under their UN symbols: the unvotes and Voeten data sets write a
//! resolution `R/70/5` or `R/28/3181D`; the UN writes `A/RES/70/5` and `A/RES/3181 D
//! (XXVIII)`.
//!
//! The UN's rules (United Nations Editorial Manual, "Resolutions and other formal decisions of
//! United Nations organs", I.B; Dag Hammarskjöld Library, "UN General Assembly Documentation:
//! Resolutions"): until the thirtieth regular session (1975) resolutions were numbered in one
//! sequence, the session following as a roman numeral in parentheses, a letter telling apart
//! several resolutions under one number placed between the two (`3367 A (XXX)`); from the
//! thirty-first session (1976) the symbol gives the session, an oblique stroke and the number,
//! the letter after them (`31/16 A`). The symbol of the document adds the series `A/RES/`.
//!
//! Only the codes whose meaning is certain are rewritten: `R/SESSION/NUMBER[LETTER]` with the
//! session of the roll call itself. The data sets' other codes (special and emergency special
//! sessions `SS/…`, `ESS/…`, sections `R/34/233/XII`, the few whose session disagrees with the
//! roll call's, symbols already in the UN form) are kept as the source writes them. Motion ids
//! are roll-call ids, never symbols: rewriting a symbol changes no id and no row of
//! `votes.csv`, only the `document` of `motions.csv` and the amendment labels built from it.
//!
//! The roll-call table is read, and its paragraph votes linked to the votes on the whole text,
//! with the codes as written; the symbols are rewritten afterwards ([`name_resolution`]), so
//! that they change no link: from the 71st session unvotes writes a whole text `A/RES/71/44`
//! and its paragraphs `R/71/44`, and whether these are the same text is for the repair of the
//! roll-call table to decide, not for its spelling.

/// The UN symbol of the General Assembly resolution that unvotes or Voeten code as `code`
/// (their `unres` column), the roll call being of session `session` (when known).
///
/// Returns `A/RES/S/N` (with ` L` for a lettered resolution) from the thirty-first session on,
/// `A/RES/N (ROMAN)` (with `N L (ROMAN)`) before it, and `code` itself when it is not of the
/// form `R/S/N[L]` or when `S` is not `session`.
///
/// # Complexity
///
/// O(length of `code`).
///
/// # Examples
///
/// ```
/// use votebloc::ingest::un_symbol::resolution_symbol;
/// assert_eq!(resolution_symbol("R/70/5", Some(70)), "A/RES/70/5");
/// assert_eq!(resolution_symbol("R/53/77U", Some(53)), "A/RES/53/77 U");
/// assert_eq!(resolution_symbol("R/1/66", Some(1)), "A/RES/66 (I)");
/// assert_eq!(resolution_symbol("R/28/3181D", None), "A/RES/3181 D (XXVIII)");
/// // Kept as written: another session than the roll call's, an emergency special session.
/// assert_eq!(resolution_symbol("R/12/6", Some(11)), "R/12/6");
/// assert_eq!(resolution_symbol("ESS/1/34", Some(11)), "ESS/1/34");
/// ```
pub fn resolution_symbol(code: &str, session: Option<u32>) -> String {
    match parse(code) {
        Some((s, number, letter)) if session.is_none_or(|roll_call| roll_call == s) => {
            let letter = letter.map(|l| format!(" {l}")).unwrap_or_default();
            match roman(s) {
                Some(numeral) if s <= LAST_NUMBERED_SESSION => {
                    format!("A/RES/{number}{letter} ({numeral})")
                }
                _ => format!("A/RES/{s}/{number}{letter}"),
            }
        }
        _ => code.to_string(),
    }
}

/// Rewrites the document of a motion read from a roll-call table in the UN's form
/// ([`resolution_symbol`], with the motion's session), and the label of an amendment to it
/// (`to R/54/117` becomes `to A/RES/54/117`).
///
/// # Complexity
///
/// O(length of the texts).
///
/// # Examples
///
/// ```
/// use votebloc::{Motion, Part};
/// use votebloc::ingest::un_symbol::name_resolution;
/// let mut motion = Motion {
///     document: Some("R/54/117".into()),
///     session: Some(54),
///     part: Part::Amendment("to R/54/117".into()),
///     ..Motion::new("4100")
/// };
/// name_resolution(&mut motion);
/// assert_eq!(motion.document.as_deref(), Some("A/RES/54/117"));
/// assert_eq!(motion.part, Part::Amendment("to A/RES/54/117".into()));
/// ```
pub fn name_resolution(motion: &mut crate::model::Motion) {
    let Some(code) = motion.document.as_deref() else {
        return;
    };
    let symbol = resolution_symbol(code, motion.session);
    if symbol == code {
        return;
    }
    if let crate::model::Part::Amendment(label) = &mut motion.part
        && label.strip_prefix("to ") == Some(code)
    {
        *label = format!("to {symbol}");
    }
    motion.document = Some(symbol);
}

/// The last regular session whose resolutions were numbered in one sequence (1975).
const LAST_NUMBERED_SESSION: u32 = 30;

/// `R/S/N[L]`: session and number in digits without leading zeros, at most one capital letter.
fn parse(code: &str) -> Option<(u32, &str, Option<char>)> {
    let rest = code.strip_prefix("R/")?;
    let (session, rest) = rest.split_once('/')?;
    let digits = |text: &str| {
        !text.is_empty() && !text.starts_with('0') && text.bytes().all(|b| b.is_ascii_digit())
    };
    let (number, letter) = match rest.char_indices().last() {
        Some((at, c)) if c.is_ascii_uppercase() => (&rest[..at], Some(c)),
        _ => (rest, None),
    };
    if !digits(session) || !digits(number) {
        return None;
    }
    Some((session.parse().ok()?, number, letter))
}

/// The roman numeral of `n` from 1 to 39 (sessions before the new system).
fn roman(n: u32) -> Option<String> {
    if !(1..40).contains(&n) {
        return None;
    }
    const UNITS: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    Some(format!(
        "{}{}",
        "X".repeat((n / 10) as usize),
        UNITS[(n % 10) as usize]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_before_1976_take_the_roman_numeral_after_the_number() {
        assert_eq!(resolution_symbol("R/2/181A", Some(2)), "A/RES/181 A (II)");
        assert_eq!(
            resolution_symbol("R/26/2758", Some(26)),
            "A/RES/2758 (XXVI)"
        );
        assert_eq!(resolution_symbol("R/30/3379", Some(30)), "A/RES/3379 (XXX)");
        assert_eq!(resolution_symbol("R/31/6K", Some(31)), "A/RES/31/6 K");
        assert_eq!(roman(14).as_deref(), Some("XIV"));
        assert_eq!(roman(29).as_deref(), Some("XXIX"));
    }

    #[test]
    fn codes_of_uncertain_meaning_are_kept() {
        for code in [
            "A/RES/71/5",
            "R/34/233/XII",
            "SS/1/59",
            "R/6444A",
            "R/10 65",
            "R/677/46",
            "R/70/05",
            "R/70/5AB",
            "R/0/5",
            "",
        ] {
            assert_eq!(resolution_symbol(code, Some(67)), code, "{code}");
        }
        assert_eq!(resolution_symbol("R/677/46", None), "A/RES/677/46");
    }
}
