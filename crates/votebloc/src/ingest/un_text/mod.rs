//! UN report and verbatim-record text, in French, English or Spanish.
//!
//! A recorded vote is printed as up to three lists under the headings "Ont voté pour / Ont voté
//! contre / Se sont abstenus", "In favour / Against / Abstaining" or "Votos a favor / Votos en
//! contra / Abstenciones" (as markdown headings, plain lines, or inline before the names). The
//! sentence before the lists (reports) or after them (verbatim records) says what was voted on
//! and states the tally, which the lists are checked against.
//!
//! The parser works in stages, one module each: `text` prepares lines (markup removed,
//! accents folded) and the running text; `furniture` classifies the lines (page furniture
//! recognised); `lists` finds the headings and reads the entries, across line and page breaks;
//! `phrases` reads tallies, parts, outcomes, symbols and dates in the three languages; `names`
//! resolves entries through the country registry; `notes` keeps the statements of intended
//! votes; `describe` reads each vote's motion from the sentences around its lists; `ids` names
//! the motions; `announced` finds votes announced whose lists are missing (a record cut
//! short); `parser` assembles the dataset. `text` is the leaf every other stage reads
//! through; no two of these files depend on each other.

mod announced;
mod describe;
mod furniture;
mod ids;
mod lists;
mod names;
mod notes;
mod parser;
mod phrases;
mod reader;
mod text;

#[cfg(test)]
mod tests;

pub use parser::parse;
pub use reader::UnText;
