//! Text preparation: markup removal, accent folding, sentences and tokens. A leaf of the
//! parser: every other stage reads text through it (the lines are classified by `furniture`).
//!
//! Everything downstream works on two char-aligned views of the document: the plain text
//! (markup removed, original case and accents, for quoting and document symbols) and its
//! folded twin (lower case, accents removed, typographic quotes and spaces made ASCII, one
//! char for one char), for matching words in any of the three languages.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// Folds one char for matching: base letter of a decomposed char, lower case, typographic
/// apostrophes, quotes, dashes and spaces made ASCII. Always one char for one char, so
/// positions in the folded text are positions in the plain text.
pub(super) fn fold_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`' => '\'',
        '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\t' => ' ',
        '\u{00AB}' | '\u{00BB}' | '\u{201C}' | '\u{201D}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => '-',
        // Spanish ordinal indicators: "30ª sesión", "1º".
        '\u{00AA}' => 'a',
        '\u{00BA}' => 'o',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => {
            let base = c.nfd().next().unwrap_or(c);
            base.to_lowercase().next().unwrap_or(base)
        }
    }
}

/// [`fold_char`] over a string.
pub(super) fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Removes the markup real documents carry: HTML tags (footnote references such as
/// `<sup>1</sup>` entirely, other tags keeping their content), markdown links (keeping their
/// text), emphasis markers, leading heading and quote markers, and surrounding space.
pub(super) fn plain(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            if let Some(length) = footnote_reference_len(&chars[i..]) {
                i += length;
                continue;
            }
            if let Some(length) = tag_len(&chars[i..]) {
                i += length;
                continue;
            }
        }
        if c == ']' && chars.get(i + 1) == Some(&'(') {
            // The end of a markdown link's text: skip its target.
            if let Some(close) = chars[i + 1..].iter().position(|&c| c == ')') {
                let target = &chars[i + 2..i + 1 + close];
                if target.len() <= 200 && !target.contains(&' ') {
                    i += close + 2;
                    continue;
                }
            }
        }
        if c == '[' && chars[i + 1..].contains(&']') && link_follows(&chars[i..]) {
            i += 1;
            continue;
        }
        if matches!(c, '*' | '_' | '`' | '\\') {
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out.trim_start_matches(|c: char| c == '#' || c == '>' || c.is_whitespace())
        .trim_end()
        .to_string()
}

/// True when `chars` (starting at `[`) opens a markdown link `[text](target)`.
fn link_follows(chars: &[char]) -> bool {
    match chars.iter().position(|&c| c == ']') {
        Some(close) => chars.get(close + 1) == Some(&'(') && !chars[1..close].contains(&'['),
        None => false,
    }
}

/// Length of an HTML tag (`<sup>`, `</em>`, `<br/>`) at the start of `chars`.
fn tag_len(chars: &[char]) -> Option<usize> {
    let mut i = 1;
    if chars.get(i) == Some(&'/') {
        i += 1;
    }
    let name_start = i;
    while chars.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        i += 1;
    }
    if i == name_start || i - name_start > 10 {
        return None;
    }
    let limit = (i + 60).min(chars.len());
    let close = chars[i..limit].iter().position(|&c| c == '>')?;
    if chars[i..i + close].iter().any(|&c| c == '<' || c == '\n') {
        return None;
    }
    Some(i + close + 1)
}

/// Length of a numeric footnote reference `<sup>12</sup>` at the start of `chars`.
fn footnote_reference_len(chars: &[char]) -> Option<usize> {
    const OPEN: &str = "<sup>";
    const CLOSE: &str = "</sup>";
    let open: Vec<char> = OPEN.chars().collect();
    let close: Vec<char> = CLOSE.chars().collect();
    if !chars.starts_with(&open) {
        return None;
    }
    let mut i = open.len();
    let digits_start = i;
    while chars
        .get(i)
        .is_some_and(|c| c.is_ascii_digit() || *c == ',' || *c == ' ')
    {
        i += 1;
    }
    if i == digits_start || !chars[i..].starts_with(&close) {
        return None;
    }
    Some(i + close.len())
}

/// What a line of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineKind {
    /// Nothing but space and punctuation.
    Blank,
    /// Page furniture: running headers and footers, page numbers, job numbers, the document's
    /// own symbol repeated on every page.
    Furniture,
    /// Anything else.
    Text,
}

/// One line of the document.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub plain: String,
    pub folded: String,
    pub kind: LineKind,
    /// The raw line starts with a footnote marker (`<sup>1</sup> Les débats …`).
    pub footnote: bool,
}

impl Line {
    /// True when the plain text holds a digit (no state name does).
    pub fn has_digit(&self) -> bool {
        self.plain.chars().any(|c| c.is_ascii_digit())
    }
}

/// The running text of the document without furniture: plain and folded chars, the 0-based
/// line of each char, and where each line starts.
#[derive(Debug, Clone, Default)]
pub(super) struct Flat {
    pub plain: Vec<char>,
    pub folded: Vec<char>,
    pub line_of: Vec<u32>,
    /// For each line of the document, the offset where it starts (furniture lines: where the
    /// next kept line starts).
    pub line_start: Vec<usize>,
    pub tokens: Vec<Token>,
}

impl Flat {
    /// Joins the text lines (and the blank lines that separate paragraphs, but not those that only
    /// surround page furniture), then tokenizes.
    ///
    /// # Complexity
    ///
    /// O(length).
    pub fn new(lines: &[Line]) -> Flat {
        let mut flat = Flat::default();
        let near_furniture = |i: usize| {
            let mut before = i;
            while before > 0 && lines[before - 1].kind == LineKind::Blank {
                before -= 1;
            }
            let mut after = i + 1;
            while after < lines.len() && lines[after].kind == LineKind::Blank {
                after += 1;
            }
            (before > 0 && lines[before - 1].kind == LineKind::Furniture)
                || lines
                    .get(after)
                    .is_some_and(|l| l.kind == LineKind::Furniture)
        };
        for (i, line) in lines.iter().enumerate() {
            flat.line_start.push(flat.plain.len());
            let keep = match line.kind {
                LineKind::Text => true,
                LineKind::Blank => !near_furniture(i),
                LineKind::Furniture => false,
            };
            if !keep {
                continue;
            }
            if line.kind == LineKind::Text {
                for (p, f) in line.plain.chars().zip(line.folded.chars()) {
                    flat.plain.push(p);
                    flat.folded.push(f);
                    flat.line_of.push(i as u32);
                }
            }
            flat.plain.push('\n');
            flat.folded.push('\n');
            flat.line_of.push(i as u32);
        }
        flat.tokens = tokenize(&flat.folded, 0..flat.folded.len());
        flat
    }

    /// 0-based line of the char at `offset` (the last line for an offset past the end).
    pub fn line_at(&self, offset: usize) -> usize {
        self.line_of
            .get(offset)
            .or(self.line_of.last())
            .map_or(0, |&l| l as usize)
    }

    /// Offset where line `line` starts (the end of the text for a line past the end).
    pub fn start_of_line(&self, line: usize) -> usize {
        self.line_start
            .get(line)
            .copied()
            .unwrap_or(self.plain.len())
    }

    /// The tokens that start inside `range`.
    pub fn tokens_in(&self, range: Range<usize>) -> &[Token] {
        let start = self.tokens.partition_point(|t| t.start < range.start);
        let end = self.tokens.partition_point(|t| t.start < range.end);
        &self.tokens[start..end.max(start)]
    }

    /// The plain text of `range`, whitespace folded to single spaces.
    pub fn text(&self, range: Range<usize>) -> String {
        let end = range.end.min(self.plain.len());
        let start = range.start.min(end);
        let mut out = String::new();
        for &c in &self.plain[start..end] {
            if c.is_whitespace() {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
        out.trim_end().to_string()
    }

    /// Splits `range` into sentences: a sentence ends at `.`, `!` or `?` followed by space and then
    /// not by a lower-case letter or a digit ("par. 7", "p.m." stay inside), at `:` followed by
    /// space, and at a blank line. Ranges are trimmed of space.
    ///
    /// # Complexity
    ///
    /// O(range).
    pub fn sentences(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let end = range.end.min(self.plain.len());
        let chars = &self.plain;
        let mut out = Vec::new();
        let first = range.start.min(end);
        let mut start = first;
        for i in first..end {
            let c = chars[i];
            let followed_by_space = i + 1 >= end || chars[i + 1].is_whitespace();
            let boundary = match c {
                '.' | '!' | '?' => {
                    followed_by_space && {
                        let next = chars[i + 1..end].iter().find(|c| !c.is_whitespace());
                        next.is_none_or(|c| !(c.is_lowercase() || c.is_ascii_digit()))
                    }
                }
                ':' => followed_by_space,
                '\n' => chars.get(i + 1) == Some(&'\n'),
                _ => false,
            };
            if boundary {
                push_trimmed(chars, start..i + 1, &mut out);
                start = i + 1;
            }
        }
        push_trimmed(chars, start..end, &mut out);
        out
    }
}

fn push_trimmed(chars: &[char], range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let (mut start, mut end) = (range.start, range.end);
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if chars[start..end].iter().any(|c| c.is_alphanumeric()) {
        out.push(start..end);
    }
}

/// A word, number or punctuation mark of the folded text, with its char offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Splits folded text into tokens: runs of letters and digits (hyphens inside a run kept, so
/// "dix-septieme" is one token), and single punctuation marks `, . ; : ( ) [ ]`. Apostrophes and
/// other symbols separate tokens.
///
/// # Complexity
///
/// O(range).
pub(super) fn tokenize(folded: &[char], range: Range<usize>) -> Vec<Token> {
    let end = range.end.min(folded.len());
    let mut tokens = Vec::new();
    let mut i = range.start.min(end);
    while i < end {
        let c = folded[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < end
                && (folded[i].is_alphanumeric()
                    || (folded[i] == '-'
                        && i + 1 < end
                        && folded[i + 1].is_alphanumeric()
                        && folded[i - 1].is_alphanumeric()))
            {
                i += 1;
            }
            tokens.push(Token {
                text: folded[start..i].iter().collect(),
                start,
                end: i,
            });
            continue;
        }
        if matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '[' | ']') {
            tokens.push(Token {
                text: c.to_string(),
                start: i,
                end: i + 1,
            });
        }
        i += 1;
    }
    tokens
}

/// Tokenizes a folded string on its own.
pub(super) fn tokenize_str(folded: &str) -> Vec<Token> {
    let chars: Vec<char> = folded.chars().collect();
    tokenize(&chars, 0..chars.len())
}

/// True when `words` occurs as consecutive token texts in `tokens`; returns the index of the
/// first token of the first occurrence.
pub(super) fn find_phrase(tokens: &[Token], words: &[&str]) -> Option<usize> {
    if words.is_empty() || tokens.len() < words.len() {
        return None;
    }
    (0..=tokens.len() - words.len())
        .find(|&i| words.iter().zip(&tokens[i..]).all(|(w, t)| t.text == *w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_one_char_for_one() {
        let text = "Côte d’Ivoire — ÉTATS « Türkiye »\u{a0}:";
        assert_eq!(fold(text).chars().count(), text.chars().count());
        assert_eq!(fold(text), "cote d'ivoire - etats \" turkiye \" :");
    }

    #[test]
    fn markup_is_removed() {
        assert_eq!(plain("### *Ont voté pour :*"), "Ont voté pour :");
        assert_eq!(
            plain("le projet [A/C.1/77/L.56](#) a été adopté"),
            "le projet A/C.1/77/L.56 a été adopté"
        );
        assert_eq!(plain("À sa 30<sup>e</sup> séance"), "À sa 30e séance");
        assert_eq!(plain("Maurice<sup>1</sup>, Oman"), "Maurice, Oman");
        assert_eq!(
            plain("[Subsequently, the delegation]"),
            "[Subsequently, the delegation]"
        );
        assert_eq!(plain("__________"), "");
    }

    #[test]
    fn sentences_end_at_stops_and_colons() {
        let lines = super::super::furniture::lines(
            "The eighth paragraph was retained by 105\nvotes to 2 (see par. 7). The voting was as follows:\nnext",
            |_| false,
        );
        let flat = Flat::new(&lines);
        let sentences: Vec<String> = flat
            .sentences(0..flat.plain.len())
            .into_iter()
            .map(|r| flat.text(r))
            .collect();
        assert_eq!(
            sentences,
            vec![
                "The eighth paragraph was retained by 105 votes to 2 (see par. 7).",
                "The voting was as follows:",
                "next"
            ]
        );
    }

    #[test]
    fn tokens_keep_hyphenated_words() {
        let tokens: Vec<String> = tokenize_str("le dix-septieme alinea, 30e l'issue")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            tokens,
            vec!["le", "dix-septieme", "alinea", ",", "30e", "l", "issue"]
        );
    }
}
