//! The phrases that describe a vote, in French, English and Spanish: stated tallies, the part
//! of the text voted on, the outcome, document symbols and dates.
//!
//! Every function reads folded tokens (see [`super::text`]), so case and accents never matter.

use super::text::Token;
use crate::model::Tally;

/// Cardinal numbers written as words, as they appear in tallies ("par 150 voix contre une").
fn number_word(word: &str) -> Option<u32> {
    let n = match word {
        "zero" | "none" | "nil" | "aucune" | "aucun" | "cero" | "ninguno" | "ninguna" => 0,
        "one" | "un" | "une" | "uno" | "una" => 1,
        "two" | "deux" | "dos" => 2,
        "three" | "trois" | "tres" => 3,
        "four" | "quatre" | "cuatro" => 4,
        "five" | "cinq" | "cinco" => 5,
        "six" | "seis" => 6,
        "seven" | "sept" | "siete" => 7,
        "eight" | "huit" | "ocho" => 8,
        "nine" | "neuf" | "nueve" => 9,
        "ten" | "dix" | "diez" => 10,
        "eleven" | "onze" | "once" => 11,
        "twelve" | "douze" | "doce" => 12,
        _ => return None,
    };
    Some(n)
}

/// A count: digits (at most four) or a number word.
pub(super) fn number(word: &str) -> Option<u32> {
    if !word.is_empty() && word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().ok();
    }
    number_word(word)
}

/// Ordinals from 1 to 20 in the three languages (masculine forms; Spanish feminine forms are
/// folded onto them by [`ordinal_word`]).
fn simple_ordinal(word: &str) -> Option<u32> {
    let n = match word {
        "first" | "premier" | "premiere" | "primer" | "primero" | "unieme" => 1,
        "second" | "deuxieme" | "seconde" | "segundo" => 2,
        "third" | "troisieme" | "tercer" | "tercero" => 3,
        "fourth" | "quatrieme" | "cuarto" => 4,
        "fifth" | "cinquieme" | "quinto" => 5,
        "sixth" | "sixieme" | "sexto" => 6,
        "seventh" | "septieme" | "septimo" | "setimo" => 7,
        "eighth" | "huitieme" | "octavo" => 8,
        "ninth" | "neuvieme" | "noveno" | "nono" => 9,
        "tenth" | "dixieme" | "decimo" => 10,
        "eleventh" | "onzieme" | "undecimo" => 11,
        "twelfth" | "douzieme" | "duodecimo" => 12,
        "thirteenth" | "treizieme" => 13,
        "fourteenth" | "quatorzieme" => 14,
        "fifteenth" | "quinzieme" => 15,
        "sixteenth" | "seizieme" => 16,
        "seventeenth" => 17,
        "eighteenth" | "decimoctavo" => 18,
        "nineteenth" => 19,
        "twentieth" | "vingtieme" | "vigesimo" => 20,
        "thirtieth" | "trentieme" | "trigesimo" => 30,
        "fortieth" | "quarantieme" | "cuadragesimo" => 40,
        "fiftieth" | "cinquantieme" | "quincuagesimo" => 50,
        _ => return None,
    };
    Some(n)
}

/// Tens that start a compound ordinal: "twenty-first", "dix-septième", "vingt et unième",
/// "decimoquinto", "vigésimo primero".
fn tens(word: &str) -> Option<u32> {
    let n = match word {
        "dix" | "decimo" => 10,
        "twenty" | "vingt" | "vigesimo" => 20,
        "thirty" | "trente" | "trigesimo" => 30,
        "forty" | "quarante" | "cuadragesimo" => 40,
        "fifty" | "cinquante" | "quincuagesimo" => 50,
        _ => return None,
    };
    Some(n)
}

/// One ordinal word, with the Spanish feminine (`-a`) and the glued Spanish compounds
/// ("decimoquinto").
fn ordinal_word(word: &str) -> Option<u32> {
    if let Some(n) = simple_ordinal(word) {
        return Some(n);
    }
    if let Some(stem) = word.strip_suffix('a') {
        if let Some(n) = simple_ordinal(&format!("{stem}o")) {
            return Some(n);
        }
        if let Some(n) = ordinal_word(&format!("{stem}o")) {
            return Some(n);
        }
    }
    for prefix in ["decimo", "vigesimo", "trigesimo"] {
        if let Some(unit) = word.strip_prefix(prefix) {
            let (Some(t), Some(u)) = (tens(prefix), simple_ordinal(unit)) else {
                continue;
            };
            if u < 10 {
                return Some(t + u);
            }
        }
    }
    // "15th", "15e", "15eme", "1er", "1re", "15o", "15.o" folded to "15o".
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    let suffix = &word[digits.len()..];
    if !digits.is_empty()
        && digits.len() <= 3
        && matches!(
            suffix,
            "st" | "nd" | "rd" | "th" | "e" | "eme" | "er" | "re" | "o" | "a" | "ieme"
        )
    {
        return digits.parse().ok();
    }
    None
}

/// An ordinal made of up to three words ("vingt et unième", "vigésimo primero", "dix-septième",
/// "twenty-first", "quinzième", "15th").
pub(super) fn ordinal(words: &[&str]) -> Option<u32> {
    let parts: Vec<&str> = words
        .iter()
        .flat_map(|w| w.split('-'))
        .filter(|w| !matches!(*w, "et" | "y" | "and" | ""))
        .collect();
    match parts.as_slice() {
        [one] => ordinal_word(one),
        [ten, unit] => {
            let t = tens(ten)?;
            let u = ordinal_word(unit)?;
            (u < 10).then_some(t + u)
        }
        _ => None,
    }
}

/// A tally found in a run of tokens, with the index of the token where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FoundTally {
    pub tally: Tally,
    pub token: usize,
}

const BY: &[&str] = &["by", "par", "por"];
const FILLER: &[&str] = &[
    "a",
    "recorded",
    "vote",
    "of",
    "un",
    "une",
    "enregistre",
    "de",
    "votacion",
    "registrada",
    "una",
    "nominal",
];
const AFTER_YES: &[&str] = &[
    "votes", "vote", "voix", "votos", "voto", "in", "favour", "favor", "a", "pour", ",",
];
const TO: &[&str] = &["to", "contre", "contra"];
const AGAINST: &[&str] = &["against", "contre", "contra", "en"];
const ABSTENTION: &[&str] = &[
    "abstention",
    "abstentions",
    "abstencion",
    "abstenciones",
    "abstaining",
];
const NONE_WORDS: &[&str] = &["no", "sans", "sin", "without", "aucune", "ninguna"];

/// Words after which a tally follows directly: "The draft resolution received 13 votes in
/// favour, …", "a recueilli 13 voix pour, …", "obtuvo 13 votos a favor, …".
const RECEIVED: &[&str] = &["received", "recueilli", "obtenu", "obtuvo", "recibio"];
/// Words that make a count a count of votes when they follow it.
const VOTE_NOUNS: &[&str] = &["votes", "vote", "voix", "votos", "voto"];
const FAVOUR: &[&str] = &["favour", "favor", "pour"];

/// The first stated tally in `tokens`: "by 85 votes to 51, with 27 abstentions", "by a recorded
/// vote of 85 to 51", "adopted by 132 votes to 54" (no abstentions stated), "par 85 voix contre 51,
/// avec 27 abstentions", "sans abstention", "por 85 votos contra 51 y 27 abstenciones", "por 85
/// votos a favor, 51 en contra y 27 abstenciones", and the Security Council's words: "received 13
/// votes in favour, none against and two abstentions", "The result of the voting is as follows: 13
/// votes in favour, one against and one abstaining", "a recueilli 13 voix pour, zéro voix contre et
/// 2 abstentions".
///
/// # Complexity
///
/// O(tokens).
pub(super) fn find_tally(tokens: &[Token]) -> Option<FoundTally> {
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    for i in 0..tokens.len() {
        let word = text(i);
        if BY.contains(&word) {
            // Fillers ("a recorded vote of") may stand between "by" and the first number, but
            // a filler can also be a number word ("par une voix"), so every start is tried.
            let mut start = i + 1;
            while start <= i + 5 {
                if let Some(tally) = tally_from(tokens, start) {
                    return Some(FoundTally { tally, token: i });
                }
                if !FILLER.contains(&text(start)) {
                    break;
                }
                start += 1;
            }
        } else if RECEIVED.contains(&word) {
            if let Some(tally) = tally_from(tokens, i + 1) {
                return Some(FoundTally { tally, token: i });
            }
        } else if (i == 0 || text(i - 1) == ":")
            && (FAVOUR.contains(&text(i + 2)) || FAVOUR.contains(&text(i + 3)))
        {
            // A tally that opens a sentence or follows "as follows:" names the yes side
            // ("13 votes in favour"), which a number in running text seldom does.
            if let Some(tally) = tally_from(tokens, i) {
                return Some(FoundTally { tally, token: i });
            }
        }
    }
    None
}

/// Where a tally is stated but its count cannot be read ("by 1.5 votes", "by 1e309 votes to 1", "by
/// 999999999999 votes"): the token of the unreadable count.
///
/// # Complexity
///
/// O(tokens).
pub(super) fn unreadable_tally(tokens: &[Token]) -> Option<usize> {
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let starts_with_digit = |i: usize| text(i).starts_with(|c: char| c.is_ascii_digit());
    for i in 0..tokens.len() {
        if !(BY.contains(&text(i)) || RECEIVED.contains(&text(i))) {
            continue;
        }
        let mut k = i + 1;
        while k <= i + 5 && FILLER.contains(&text(k)) && !starts_with_digit(k) {
            k += 1;
        }
        if !starts_with_digit(k) {
            continue;
        }
        // "1.5", "1,5": a number glued to a separator and more digits.
        let glued = |a: usize, b: usize| matches!((tokens.get(a), tokens.get(b)), (Some(x), Some(y)) if x.end == y.start);
        let mut end = k;
        while matches!(text(end + 1), "." | ",")
            && glued(end, end + 1)
            && glued(end + 1, end + 2)
            && starts_with_digit(end + 2)
        {
            end += 2;
        }
        let unreadable = end > k || number(text(k)).is_none();
        let votes_follow = (end + 1..end + 3).any(|j| {
            let w = text(j);
            VOTE_NOUNS.contains(&w) || TO.contains(&w) || FAVOUR.contains(&w)
        });
        if unreadable && votes_follow {
            return Some(k);
        }
    }
    None
}

/// Mentions of a recorded vote: "by a recorded vote of 87 to 51", "A recorded vote has been
/// requested", "À l'issue d'un vote enregistré", "En votación registrada". A "non-recorded
/// vote" is one token, and "vote non enregistré" has a word between: neither matches.
const RECORDED_VOTE: &[&[&str]] = &[
    &["recorded", "vote"],
    &["vote", "enregistre"],
    &["votacion", "registrada"],
    &["votacion", "nominal"],
];

/// The sentences of reports that put the lists right after them.
const LISTS_FOLLOW: &[&[&str]] = &[
    &["voting", "was", "as", "follows"],
    &["voix", "se", "sont", "reparties", "comme", "suit"],
    &["resultat", "du", "vote", "est", "le", "suivant"],
    &[
        "resultado",
        "de",
        "la",
        "votacion",
        "fue",
        "el",
        "siguiente",
    ],
    &["la", "votacion", "fue", "la", "siguiente"],
];

/// The presiding officer putting a text to the vote: "I now put to the vote the ninth
/// preambular paragraph", "Je mets aux voix le projet de résolution", "Someto a votación el
/// proyecto de resolución".
const PUT_TO_THE_VOTE: &[&[&str]] = &[
    &["to", "the", "vote"],
    &["aux", "voix"],
    &["someto", "a", "votacion"],
    &["somete", "a", "votacion"],
];

/// The last sentence of a meeting's record: "The meeting rose at 6.05 p.m.", "La séance est
/// levée à 18 h 5.", "Se levanta la sesión a las 18.05 horas."
const CLOSING: &[&[&str]] = &[
    &["meeting", "rose"],
    &["seance", "est", "levee"],
    &["levanta", "la", "sesion"],
];

/// True when the tokens announce the lists of a vote: they mention a recorded vote, say that
/// the voting was as follows, or put a text to the vote, in any of the three languages.
pub(super) fn announces_lists(tokens: &[Token]) -> bool {
    RECORDED_VOTE
        .iter()
        .chain(LISTS_FOLLOW)
        .chain(PUT_TO_THE_VOTE)
        .any(|p| super::text::find_phrase(tokens, p).is_some())
}

/// True when the tokens close the record of a meeting ("The meeting rose at …").
pub(super) fn closes_meeting(tokens: &[Token]) -> bool {
    CLOSING
        .iter()
        .any(|p| super::text::find_phrase(tokens, p).is_some())
}

fn tally_from(tokens: &[Token], start: usize) -> Option<Tally> {
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let yes = number(text(start))?;
    let mut j = start + 1;
    let mut skipped = 0;
    while AFTER_YES.contains(&text(j)) && skipped < 4 {
        j += 1;
        skipped += 1;
    }
    let no = if TO.contains(&text(j)) {
        let n = number(text(j + 1))?;
        j += 2;
        n
    } else {
        // "85 votos a favor, 51 en contra", "85 in favour, 51 against", "aucune voix contre".
        let n = number(text(j))?;
        if VOTE_NOUNS.contains(&text(j + 1)) {
            j += 1;
        }
        if !AGAINST.contains(&text(j + 1)) {
            return None;
        }
        j += 2;
        n
    };
    // The abstentions follow within the same clause.
    let mut abstain = None;
    for k in j..(j + 8).min(tokens.len()) {
        let word = text(k);
        if matches!(word, "." | ";") || BY.contains(&word) {
            break;
        }
        let next = text(k + 1);
        if ABSTENTION.contains(&next) {
            if let Some(n) = number(word) {
                abstain = Some(n);
                break;
            }
            if NONE_WORDS.contains(&word) {
                abstain = Some(0);
                break;
            }
        }
    }
    Some(Tally { yes, no, abstain })
}

/// What a sentence says was voted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PartGuess {
    Whole,
    Preambular(u32),
    Operative(u32),
    /// An amendment, with the symbol of the document that holds it when the sentence names it.
    Amendment(Option<String>),
    Other,
}

const WHOLE_PHRASES: &[&[&str]] = &[
    &["as", "a", "whole"],
    &["as", "amended"],
    &["in", "its", "entirety"],
    &["dans", "son", "ensemble"],
    &["tel", "que", "modifie"],
    &["tel", "qu", "amende"],
    &["tel", "que", "amende"],
    &["telle", "que", "modifiee"],
    &["en", "su", "totalidad"],
    &["en", "su", "conjunto"],
    &["en", "su", "forma", "enmendada"],
    &["en", "su", "forma", "modificada"],
];
const DRAFT_PHRASES: &[&[&str]] = &[
    &["draft", "resolution"],
    &["draft", "decision"],
    &["projet", "de", "resolution"],
    &["projet", "de", "decision"],
    &["proyecto", "de", "resolucion"],
    &["proyecto", "de", "decision"],
];
const AMENDMENT_WORDS: &[&str] = &["amendment", "amendement", "enmienda"];
const PARAGRAPH_WORDS: &[&str] = &["paragraph", "paragraphe", "parrafo", "alinea"];
const PREAMBLE_WORDS: &[&str] = &[
    "preambular",
    "preamble",
    "preambule",
    "preambulo",
    "preambulaire",
];
const OTHER_WORDS: &[&str] = &["motion", "mocion", "proposal", "proposition", "propuesta"];

/// True when the tokens say the vote was on the text as a whole ("as a whole", "dans son
/// ensemble", "en su totalidad", "as amended").
pub(super) fn says_whole(tokens: &[Token]) -> bool {
    WHOLE_PHRASES
        .iter()
        .any(|p| super::text::find_phrase(tokens, p).is_some())
}

/// True when `word` names an amendment (singular or plural).
pub(super) fn is_amendment_word(word: &str) -> bool {
    AMENDMENT_WORDS
        .iter()
        .any(|w| word == *w || word.strip_suffix('s') == Some(w))
}

/// The part a sentence says was voted on, and the word where a paragraph's kind goes when it
/// is not spelt as a known kind word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PartRead {
    pub guess: PartGuess,
    pub doubt: Option<KindDoubt>,
}

/// A word read where a paragraph's kind (preambular or operative) goes, spelt as no known
/// kind word: a misspelling ("preámbtlo", an OCR error in a PDF's text) read as the word it is
/// close to, or an unknown word ("párrafo 15 del xyz"), the paragraph then read as operative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct KindDoubt {
    /// Char offsets of the word (those of its token).
    pub start: usize,
    pub end: usize,
    /// The known kind word (folded) the word was read as; none for an unknown word.
    pub read_as: Option<&'static str>,
}

/// The words that say a paragraph is operative, in the three languages.
const OPERATIVE_WORDS: &[&str] = &[
    "operative",
    "operativo",
    "dispositif",
    "dispositive",
    "dispositiva",
    "dispositivo",
];

/// Words that follow "paragraph 2 of the", "párrafo 2 del", "paragraphe 2 du" without naming
/// the kind of the paragraph: the text or document it belongs to.
const NOT_A_KIND: &[&str] = &[
    "draft",
    "proyecto",
    "projet",
    "resolution",
    "resolucion",
    "decision",
    "text",
    "texte",
    "texto",
    "annex",
    "annexe",
    "anexo",
    "document",
    "documento",
    "report",
    "rapport",
    "informe",
    "same",
    "meme",
    "mismo",
    "said",
    "amendment",
    "amendement",
    "enmienda",
    "charter",
    "charte",
    "carta",
    "article",
    "articulo",
    "section",
    "seccion",
];

/// How many edits (letters replaced, added or removed) turn one word into another.
///
/// # Complexity
///
/// O(length of a × length of b).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The kind word `word` is a misspelling of: within two edits of a preambular or operative
/// word (one for a word of five or six letters, none for a shorter one) and strictly closer
/// to a word of that kind than to any of the other. The kind words have eight letters or
/// more and the two kinds are far apart, so one or two wrong letters leave no doubt which
/// was meant.
fn misspelt_kind(word: &str) -> Option<&'static str> {
    let letters = word.chars().count();
    if letters < 5 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let limit = if letters < 7 { 1 } else { 2 };
    let nearest = |words: &[&'static str]| {
        words
            .iter()
            .map(|w| (edit_distance(word, w), *w))
            .min()
            .unwrap_or((usize::MAX, ""))
    };
    let (preamble, p) = nearest(PREAMBLE_WORDS);
    let (operative, o) = nearest(OPERATIVE_WORDS);
    if preamble <= limit && preamble < operative {
        Some(p)
    } else if operative <= limit && operative < preamble {
        Some(o)
    } else {
        None
    }
}

/// The number of the paragraph named by the noun at `k`: digits after it ("paragraph 2"), or
/// an ordinal before it, maybe before a qualifier ("eighth preambular paragraph", "quinzième
/// alinéa"). With the number, the index of the word between the ordinal and the noun (where
/// the kind goes), if any.
fn paragraph_number(tokens: &[Token], k: usize) -> Option<(u32, Option<usize>)> {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    if let Some(digits) = number(word(k + 1)).filter(|_| word(k + 1).len() <= 3) {
        return Some((digits, None));
    }
    let ordinal_before = |end: usize| {
        (1..=3)
            .rev()
            .filter(|&width| end >= width)
            .find_map(|width| ordinal(&(end - width..end).map(word).collect::<Vec<_>>()))
    };
    if matches!(word(k.wrapping_sub(1)), "preambular" | "operative") {
        return ordinal_before(k - 1).map(|n| (n, Some(k - 1)));
    }
    if let Some(n) = ordinal_before(k) {
        return Some((n, None));
    }
    // "the eighth preambulr paragraph": a misspelt qualifier between the ordinal and the noun.
    let between = k.checked_sub(1)?;
    ordinal_before(between).map(|n| (n, Some(between)))
}

/// The word where the kind of the paragraph named at `k` goes, when it is spelt as no kind
/// word: the word before the noun ("opertive paragraph 2", read only when it is close to a
/// kind word: any word may stand there), the word between an ordinal and the noun, or the
/// word after "of the", "del", "du", "de la parte" that follows the noun and its number.
fn kind_doubt(tokens: &[Token], k: usize, between: Option<usize>) -> Option<KindDoubt> {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let known = |w: &str| PREAMBLE_WORDS.contains(&w) || OPERATIVE_WORDS.contains(&w);
    let doubt = |i: usize, strict: bool| {
        let w = word(i);
        if w.is_empty() || known(w) || NOT_A_KIND.contains(&w) {
            return None;
        }
        let read_as = misspelt_kind(w);
        let unknown = strict && w.chars().all(char::is_alphabetic);
        (read_as.is_some() || unknown).then(|| KindDoubt {
            start: tokens[i].start,
            end: tokens[i].end,
            read_as,
        })
    };
    let mut after = k + 1;
    if number(word(after)).is_some() {
        after += 1;
    }
    let of_slot = match (word(after), word(after + 1), word(after + 2)) {
        ("del" | "du", _, _) => Some(after + 1),
        ("of", "the", _) => Some(after + 2),
        ("de", "la", "parte" | "partie") => Some(after + 3),
        _ => None,
    };
    let candidates = [
        k.checked_sub(1)
            .filter(|_| between.is_none())
            .map(|i| (i, false)),
        between.map(|i| (i, true)),
        of_slot.map(|i| (i, true)),
    ];
    let doubts: Vec<KindDoubt> = candidates
        .into_iter()
        .flatten()
        .filter_map(|(i, strict)| doubt(i, strict))
        .collect();
    // A misspelt preambular word decides; else a misspelt operative word; else an unknown one.
    let preambular = |d: &&KindDoubt| d.read_as.is_some_and(|w| PREAMBLE_WORDS.contains(&w));
    doubts
        .iter()
        .find(preambular)
        .or_else(|| doubts.iter().find(|d| d.read_as.is_some()))
        .or_else(|| doubts.first())
        .cloned()
}

/// Reads the part voted on from a sentence: "le quinzième alinéa du préambule", "paragraphe 2
/// du dispositif", "the fifth preambular paragraph", "operative paragraph 2", "párrafo 15 del
/// preámbulo", "párrafo 2 de la parte dispositiva", "the draft resolution as a whole", "draft
/// resolution III, as amended", "the amendment contained in document A/65/L.53". A paragraph
/// not said to be preambular is operative (French reports say "alinéa" for the preamble).
/// `symbols` are the document symbols of the sentence, in order, with their char offsets.
///
/// A word where a paragraph's kind goes that is no kind word is never passed over in silence
/// ([`PartRead::doubt`]): within two edits of a kind word ("preámbtlo", "opertive") it is read
/// as that word; an unknown word there ("párrafo 15 del xyz", "the eighth xyz paragraph") leaves
/// the paragraph operative.
pub(super) fn part_of(tokens: &[Token], symbols: &[(usize, String)]) -> Option<PartRead> {
    let sure = |guess: PartGuess| Some(PartRead { guess, doubt: None });
    if WHOLE_PHRASES
        .iter()
        .any(|p| super::text::find_phrase(tokens, p).is_some())
    {
        return sure(PartGuess::Whole);
    }
    if let Some(k) = tokens.iter().position(|t| is_amendment_word(&t.text)) {
        let after = tokens[k].end;
        let symbol = symbols
            .iter()
            .find(|(offset, _)| *offset >= after)
            .map(|(_, s)| s.clone());
        return sure(PartGuess::Amendment(symbol));
    }
    for (k, token) in tokens.iter().enumerate() {
        if !PARAGRAPH_WORDS.contains(&token.text.as_str()) {
            continue;
        }
        let word = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
        let window = k.saturating_sub(2)..k + 6;
        let preamble =
            window.clone().any(|i| PREAMBLE_WORDS.contains(&word(i))) || token.text == "alinea";
        let Some((n, between)) = paragraph_number(tokens, k).filter(|&(n, _)| n > 0) else {
            continue;
        };
        if preamble {
            return sure(PartGuess::Preambular(n));
        }
        if window
            .into_iter()
            .any(|i| OPERATIVE_WORDS.contains(&word(i)))
        {
            return sure(PartGuess::Operative(n));
        }
        let doubt = kind_doubt(tokens, k, between);
        let guess = match &doubt {
            Some(KindDoubt {
                read_as: Some(w), ..
            }) if PREAMBLE_WORDS.contains(w) => PartGuess::Preambular(n),
            _ => PartGuess::Operative(n),
        };
        return Some(PartRead { guess, doubt });
    }
    if DRAFT_PHRASES
        .iter()
        .any(|p| super::text::find_phrase(tokens, p).is_some())
    {
        return sure(PartGuess::Whole);
    }
    if tokens
        .iter()
        .any(|t| OTHER_WORDS.contains(&t.text.as_str()))
    {
        return sure(PartGuess::Other);
    }
    None
}

/// The outcome a sentence states, in English: `adopted`, `rejected`, `retained`, `not
/// retained`, `vetoed` ("not adopted, owing to the negative vote of a permanent member").
pub(super) fn outcome(folded_sentence: &str) -> Option<&'static str> {
    let s = folded_sentence;
    let any = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if any(&[
        "not retained",
        "pas ete conserve",
        "pas ete maintenu",
        "no se mantuvo",
        "no fue mantenid",
        "no fue conservad",
    ]) {
        return Some("not retained");
    }
    if any(&[
        "negative vote of a permanent member",
        "vote negatif d'un membre permanent",
        "voto negativo de un miembro permanente",
    ]) {
        return Some("vetoed");
    }
    if any(&[
        "not adopted",
        "not been adopted",
        "n'a pas ete adopte",
        "no ha sido aprobad",
        "no ha sido adoptad",
        "no fue aprobad",
        "rejected",
        "pas ete adopte",
        "rejete",
        "no fue aprobad",
        "no fue adoptad",
        "rechazad",
    ]) {
        return Some("rejected");
    }
    if any(&[
        "retained",
        "conserve",
        "maintenu",
        "se mantuvo",
        "mantenid",
        "conservad",
        "retenid",
    ]) {
        return Some("retained");
    }
    if any(&[
        "adopted", "adopte", "aprobad", "aprobo", "adoptad", "approved", "approuve",
    ]) {
        return Some("adopted");
    }
    None
}

/// The resolution a sentence says the text became: "(resolution 65/223)", "(résolution 79/6)",
/// "(resolución ES-11/1)" → `A/RES/65/223`; "adopted as resolution 2448 (2018)", "adoptado como
/// resolución 2448 (2018)" → `S/RES/2448 (2018)`. `folded` is the folded text of the sentence.
///
/// # Complexity
///
/// O(length).
pub(super) fn resolution_symbol(folded: &str) -> Option<String> {
    let chars: Vec<char> = folded.chars().collect();
    let word: Vec<char> = "resolution".chars().collect();
    let spanish: Vec<char> = "resolucion".chars().collect();
    let mut i = 0;
    while i + word.len() <= chars.len() {
        let at_word = chars[i..].starts_with(&word) || chars[i..].starts_with(&spanish);
        if !at_word || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let before: String = chars[i.saturating_sub(8)..i].iter().collect();
        let before = before.trim_end();
        let mut j = i + word.len();
        while chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        let take = |j: &mut usize, pred: fn(char) -> bool| {
            let start = *j;
            while chars.get(*j).copied().is_some_and(pred) {
                *j += 1;
            }
            chars[start..*j].iter().collect::<String>()
        };
        let special = if chars[j..].starts_with(&['e', 's', '-']) {
            j += 3;
            "ES-"
        } else {
            ""
        };
        let first = take(&mut j, |c| c.is_ascii_digit());
        if first.is_empty() || first.len() > 4 {
            i += 1;
            continue;
        }
        if chars.get(j) == Some(&'/') {
            j += 1;
            let second = take(&mut j, |c| c.is_ascii_digit());
            if before.ends_with('(') && !second.is_empty() && second.len() <= 4 {
                return Some(format!("A/RES/{special}{first}/{second}"));
            }
        } else if special.is_empty() && ["as", "como", "que"].iter().any(|w| before.ends_with(w)) {
            let mut k = j;
            while chars.get(k).is_some_and(|c| c.is_whitespace()) {
                k += 1;
            }
            if chars.get(k) == Some(&'(') {
                k += 1;
                let year = take(&mut k, |c| c.is_ascii_digit());
                if year.len() == 4 && chars.get(k) == Some(&')') {
                    return Some(format!("S/RES/{first} ({year})"));
                }
            }
        }
        i += 1;
    }
    None
}

/// The UN document symbol starting at `chars[i]` ("A/C.1/77/L.56", "A/48/L.13",
/// "A/79/PV.29"): one to four capitals, a slash, then letters, digits, dots, slashes and
/// hyphens, with at least one digit; trailing dots and hyphens are not part of it.
pub(super) fn symbol_at(chars: &[char], i: usize) -> Option<String> {
    let first = *chars.get(i)?;
    if !first.is_ascii_uppercase() {
        return None;
    }
    if i > 0 {
        let before = chars[i - 1];
        if before.is_alphanumeric() || matches!(before, '/' | '.' | '-') {
            return None;
        }
    }
    let mut j = i;
    while chars.get(j).is_some_and(char::is_ascii_uppercase) {
        j += 1;
    }
    if j - i > 4 || chars.get(j) != Some(&'/') {
        return None;
    }
    while chars
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-'))
    {
        j += 1;
    }
    while j > i && matches!(chars[j - 1], '.' | '-' | '/') {
        j -= 1;
    }
    let symbol: String = chars[i..j].iter().collect();
    (crate::model::is_document_symbol(&symbol) && symbol.chars().any(|c| c.is_ascii_digit()))
        .then_some(symbol)
}

/// Every symbol in `chars[range]`, with its offset.
pub(super) fn symbols_in(chars: &[char], range: std::ops::Range<usize>) -> Vec<(usize, String)> {
    let end = range.end.min(chars.len());
    let mut out = Vec::new();
    let mut i = range.start.min(end);
    while i < end {
        if let Some(symbol) = symbol_at(chars, i) {
            let length = symbol.chars().count();
            out.push((i, symbol));
            i += length;
        } else {
            i += 1;
        }
    }
    out
}

/// True for the symbol of a draft (`…/L.…`): the texts that are voted on.
pub(super) fn is_draft_symbol(symbol: &str) -> bool {
    symbol.contains("/L.")
}

/// The General Assembly session a symbol belongs to: the first all-digit segment of an `A/`
/// symbol ("A/C.1/77/L.56" → 77, "A/48/L.13" → 48).
pub(super) fn session_of(symbol: &str) -> Option<u32> {
    let mut segments = symbol.split('/');
    if segments.next()? != "A" {
        return None;
    }
    segments
        .find(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse().ok())
}

fn month(word: &str) -> Option<u32> {
    let m = match word {
        "january" | "janvier" | "enero" => 1,
        "february" | "fevrier" | "febrero" => 2,
        "march" | "mars" | "marzo" => 3,
        "april" | "avril" | "abril" => 4,
        "may" | "mai" | "mayo" => 5,
        "june" | "juin" | "junio" => 6,
        "july" | "juillet" | "julio" => 7,
        "august" | "aout" | "agosto" => 8,
        "september" | "septembre" | "septiembre" | "setiembre" => 9,
        "october" | "octobre" | "octubre" => 10,
        "november" | "novembre" | "noviembre" => 11,
        "december" | "decembre" | "diciembre" => 12,
        _ => return None,
    };
    Some(m)
}

/// A calendar date read from text; the year may be left implicit ("le 3 novembre").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct TextDate {
    pub year: Option<u32>,
    pub month: u32,
    pub day: u32,
}

impl TextDate {
    /// `YYYY-MM-DD`, taking the year from `reference` when the text gives none (the year
    /// before when the day would fall after the reference date).
    pub fn iso(&self, reference: Option<TextDate>) -> Option<String> {
        let year = match (self.year, reference.and_then(|r| r.year.map(|y| (y, r)))) {
            (Some(y), _) => y,
            (None, Some((y, r))) => {
                if (self.month, self.day) > (r.month, r.day) {
                    y.checked_sub(1)?
                } else {
                    y
                }
            }
            (None, None) => return None,
        };
        Some(format!("{year:04}-{:02}-{:02}", self.month, self.day))
    }
}

fn day(word: &str) -> Option<u32> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    let suffix = &word[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !matches!(suffix, "" | "er" | "st" | "o") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<u32> {
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        word.parse().ok().filter(|y| (1945..=2200).contains(y))
    } else {
        None
    }
}

/// Every date in `tokens`: "1 November 1993", "3 novembre", "le 1er décembre 2022", "10 de
/// noviembre de 2022", "November 1, 1993". Returns the index of each date's first token.
pub(super) fn dates(tokens: &[Token]) -> Vec<(usize, TextDate)> {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        if let Some(d) = day(word(i)) {
            let mut j = i + 1;
            if word(j) == "de" {
                j += 1;
            }
            if let Some(m) = month(word(j)) {
                let mut k = j + 1;
                if matches!(word(k), "de" | ",") {
                    k += 1;
                }
                out.push((
                    i,
                    TextDate {
                        year: year(word(k)),
                        month: m,
                        day: d,
                    },
                ));
            }
        } else if let (Some(m), Some(d)) = (month(word(i)), day(word(i + 1))) {
            let k = if word(i + 2) == "," { i + 3 } else { i + 2 };
            if let Some(y) = year(word(k)) {
                out.push((
                    i,
                    TextDate {
                        year: Some(y),
                        month: m,
                        day: d,
                    },
                ));
            }
        }
    }
    out
}

/// Words that name a meeting: a date shortly after one is the date of that meeting.
pub(super) const MEETING_WORDS: &[&str] = &["seance", "meeting", "sesion", "reunion"];

#[cfg(test)]
mod tests {
    use super::super::text::{fold, tokenize_str};
    use super::*;

    fn tally(text: &str) -> Option<Tally> {
        find_tally(&tokenize_str(&fold(text))).map(|f| f.tally)
    }

    #[test]
    fn announcements_of_lists_in_three_languages() {
        let announces = |text: &str| announces_lists(&tokenize_str(&fold(text)));
        for text in [
            "(c) The seventeenth preambular paragraph was retained by a recorded vote of 84",
            "The voting was as follows:",
            "A separate, recorded vote has been",
            "I now put to the vote the ninth preambular paragraph",
            "c) À l'issue d'un vote enregistré, le dix-septième alinéa",
            "Les voix se sont réparties comme suit :",
            "Le résultat du vote est le suivant :",
            "Je mets aux voix le projet de résolution.",
            "c) En votación registrada, el decimoséptimo párrafo del preámbulo",
            "El resultado de la votación fue el siguiente:",
        ] {
            assert!(announces(text), "{text}");
        }
        for text in [
            "The draft resolution was adopted by a non-recorded vote of 120 to 3.",
            "Le projet est adopté par un vote non enregistré.",
            "Draft resolution A/79/L.8 was adopted without a vote.",
            "I call on those who wish to explain their vote before the voting.",
            "En votación no registrada, el proyecto fue aprobado.",
        ] {
            assert!(!announces(text), "{text}");
        }
        let closes = |text: &str| closes_meeting(&tokenize_str(&fold(text)));
        assert!(closes("The meeting rose at 6.05 p.m."));
        assert!(closes("La séance est levée à 18 h 5."));
        assert!(closes("Se levanta la sesión a las 18.05 horas."));
        assert!(!closes("The meeting was suspended at 4 p.m."));
    }

    fn t(yes: u32, no: u32, abstain: Option<u32>) -> Option<Tally> {
        Some(Tally { yes, no, abstain })
    }

    #[test]
    fn tallies_in_three_languages() {
        assert_eq!(
            tally("a été conservé par 85 voix contre 51, avec 27 abstentions."),
            t(85, 51, Some(27))
        );
        assert_eq!(
            tally("was retained by 105\nvotes to 2, with 22 abstentions."),
            t(105, 2, Some(22))
        );
        assert_eq!(
            tally("was adopted by a recorded vote of 85 to 51, with 27 abstentions"),
            t(85, 51, Some(27))
        );
        assert_eq!(tally("was adopted by 132 votes to 54."), t(132, 54, None));
        assert_eq!(
            tally("se mantuvo por 85 votos contra 51 y 27 abstenciones."),
            t(85, 51, Some(27))
        );
        assert_eq!(
            tally("fue aprobado por 85 votos a favor, 51 en contra y 27 abstenciones"),
            t(85, 51, Some(27))
        );
        assert_eq!(
            tally("a été adopté par 150 voix contre une, sans abstention."),
            t(150, 1, Some(0))
        );
        assert_eq!(
            tally("was adopted by 140 votes to none, with no abstentions"),
            t(140, 0, Some(0))
        );
        assert_eq!(
            tally(
                "The draft resolution received 13 votes in favour, none against and two abstentions."
            ),
            t(13, 0, Some(2))
        );
        assert_eq!(
            tally("13 votes in favour, one against and one abstaining. The"),
            t(13, 1, Some(1))
        );
        assert_eq!(
            tally(
                "Le projet de résolution a recueilli 13 voix pour, aucune voix contre et 2 abstentions."
            ),
            t(13, 0, Some(2))
        );
        assert_eq!(
            tally(
                "El proyecto de resolución obtuvo 13 votos a favor, ninguno en contra y 2 abstenciones."
            ),
            t(13, 0, Some(2))
        );
        assert_eq!(tally("adopted by consensus"), None);
        assert_eq!(tally("Some 13 States in favour of peace"), None);
        assert_eq!(tally("by 2024 the Court"), None);
    }

    #[test]
    fn unreadable_tallies_are_found() {
        let bad = |text: &str| unreadable_tally(&tokenize_str(&fold(text)));
        assert!(bad("was adopted by 1e309 votes to 1, with 2 abstentions.").is_some());
        assert!(bad("was adopted by 1.5 votes to 1").is_some());
        assert!(bad("was adopted by 999999999999 votes to 1").is_some());
        assert_eq!(
            bad("was adopted by 3 votes to 1, with 2 abstentions."),
            None
        );
        assert_eq!(bad("by 2024 the Court"), None);
        assert_eq!(bad("by 12345 people"), None);
    }

    #[test]
    fn resolution_symbols() {
        let r = |text: &str| resolution_symbol(&fold(text));
        assert_eq!(
            r("was adopted by 126 votes to 54, with 5 abstentions (resolution 65/223)."),
            Some("A/RES/65/223".to_string())
        );
        assert_eq!(
            r("est adopté (résolution 79/6)."),
            Some("A/RES/79/6".to_string())
        );
        assert_eq!(r("(resolución ES-11/1)"), Some("A/RES/ES-11/1".to_string()));
        assert_eq!(
            r("The draft resolution has been adopted as resolution 2448 (2018)."),
            Some("S/RES/2448 (2018)".to_string())
        );
        assert_eq!(r("welcomes the adoption of resolution 2448 (2018)"), None);
        assert_eq!(r("recalling resolution 48/6 of 19 October"), None);
    }

    fn part(text: &str) -> Option<PartGuess> {
        let plain: Vec<char> = text.chars().collect();
        let symbols = symbols_in(&plain, 0..plain.len());
        part_of(&tokenize_str(&fold(text)), &symbols).map(|p| p.guess)
    }

    #[test]
    fn edit_distance_counts_letters_replaced_added_or_removed() {
        assert_eq!(edit_distance("preambtlo", "preambulo"), 1);
        assert_eq!(edit_distance("preambulo", "preambulo"), 0);
        assert_eq!(edit_distance("preamble", "preambular"), 3);
        assert_eq!(edit_distance("opertive", "operative"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(misspelt_kind("preambtlo"), Some("preambulo"));
        assert_eq!(misspelt_kind("dispositiba"), Some("dispositiva"));
        assert_eq!(misspelt_kind("preamb"), None);
        assert_eq!(misspelt_kind("retained"), None);
        assert_eq!(misspelt_kind("anexo"), None);
    }

    /// The part and, when there is one, the word of doubtful spelling and what it was read as.
    fn part_doubt(text: &str) -> (Option<PartGuess>, Option<(String, Option<&'static str>)>) {
        let folded: Vec<char> = fold(text).chars().collect();
        let read = part_of(&tokenize_str(&fold(text)), &[]);
        let doubt = read.as_ref().and_then(|r| r.doubt.clone()).map(|d| {
            let word: String = folded[d.start..d.end].iter().collect();
            (word, d.read_as)
        });
        (read.map(|r| r.guess), doubt)
    }

    #[test]
    fn a_misspelt_or_unknown_kind_word_is_read_with_a_doubt() {
        use PartGuess::*;
        let doubt = |word: &str, read_as: Option<&'static str>| Some((word.to_string(), read_as));
        assert_eq!(
            part_doubt("el párrafo 15 del preámbtlo se mantuvo por 85 votos"),
            (Some(Preambular(15)), doubt("preambtlo", Some("preambulo")))
        );
        assert_eq!(
            part_doubt("the eighth preambulr paragraph was retained"),
            (Some(Preambular(8)), doubt("preambulr", Some("preambular")))
        );
        assert_eq!(
            part_doubt("paragraph 3 of the preanble was retained"),
            (Some(Preambular(3)), doubt("preanble", Some("preamble")))
        );
        assert_eq!(
            part_doubt("el párrafo 2 de la parte dispositiba se mantuvo"),
            (
                Some(Operative(2)),
                doubt("dispositiba", Some("dispositiva"))
            )
        );
        assert_eq!(
            part_doubt("Opertive paragraph 7 was retained"),
            (Some(Operative(7)), doubt("opertive", Some("operative")))
        );
        assert_eq!(
            part_doubt("el párrafo 15 del apéndice se mantuvo"),
            (Some(Operative(15)), doubt("apendice", None))
        );
        assert_eq!(
            part_doubt("the eighth xqzw paragraph was retained"),
            (Some(Operative(8)), doubt("xqzw", None))
        );
        // Spelt right, or with no word where the kind goes: no doubt.
        for (text, guess) in [
            ("el párrafo 15 del preámbulo se mantuvo", Preambular(15)),
            ("le paragraphe 2 du dispositif a été conservé", Operative(2)),
            (
                "paragraph 2 of the draft resolution was retained",
                Operative(2),
            ),
            ("el párrafo 2 del proyecto de resolución", Operative(2)),
            (
                "Operative paragraph 7 was retained by 106 votes",
                Operative(7),
            ),
            ("The paragraph 5 was retained", Operative(5)),
            ("the eighth paragraph was retained", Operative(8)),
        ] {
            assert_eq!(part_doubt(text), (Some(guess), None), "{text}");
        }
    }

    #[test]
    fn parts_in_three_languages() {
        use PartGuess::*;
        assert_eq!(
            part("le quinzième alinéa du préambule a été conservé"),
            Some(Preambular(15))
        );
        assert_eq!(
            part("le dix-septième alinéa du préambule"),
            Some(Preambular(17))
        );
        assert_eq!(
            part("le vingt et unième alinéa du préambule"),
            Some(Preambular(21))
        );
        assert_eq!(
            part("le paragraphe 2 du dispositif a été conservé"),
            Some(Operative(2))
        );
        assert_eq!(part("le paragraphe 2 a été conservé"), Some(Operative(2)));
        assert_eq!(
            part("The eighth preambular paragraph was retained"),
            Some(Preambular(8))
        );
        assert_eq!(
            part("the fifth preambular paragraph of draft resolution A/48/L.13"),
            Some(Preambular(5))
        );
        assert_eq!(
            part("Operative paragraph 7 was retained"),
            Some(Operative(7))
        );
        assert_eq!(
            part("paragraph 3 of the preamble was retained"),
            Some(Preambular(3))
        );
        assert_eq!(
            part("el párrafo 15 del preámbulo se mantuvo"),
            Some(Preambular(15))
        );
        assert_eq!(
            part("el párrafo 2 de la parte dispositiva"),
            Some(Operative(2))
        );
        assert_eq!(
            part("el decimoquinto párrafo del preámbulo"),
            Some(Preambular(15))
        );
        assert_eq!(
            part("le projet de résolution dans son ensemble"),
            Some(Whole)
        );
        assert_eq!(part("the draft resolution as a whole"), Some(Whole));
        assert_eq!(
            part("draft resolution III, as amended, was adopted"),
            Some(Whole)
        );
        assert_eq!(
            part("Draft resolution A/48/L.13 and Corr.1, as a whole, was adopted"),
            Some(Whole)
        );
        assert_eq!(
            part("the amendment contained in document A/65/L.53 was adopted"),
            Some(Amendment(Some("A/65/L.53".to_string())))
        );
        assert_eq!(part("The amendment was adopted"), Some(Amendment(None)));
        assert_eq!(
            part("Separate votes were requested on the eighth and ninth preambular paragraphs"),
            None
        );
        assert_eq!(part("A recorded vote was taken."), None);
    }

    #[test]
    fn ordinals_compose() {
        assert_eq!(ordinal(&["twenty-first"]), Some(21));
        assert_eq!(ordinal(&["vigesimo", "primero"]), Some(21));
        assert_eq!(ordinal(&["decimoquinta"]), Some(15));
        assert_eq!(ordinal(&["15th"]), Some(15));
        assert_eq!(ordinal(&["1er"]), Some(1));
        assert_eq!(ordinal(&["le"]), None);
        assert_eq!(ordinal(&["dix", "huit"]), None);
    }

    #[test]
    fn outcomes() {
        assert_eq!(outcome("a ete conserve par 85 voix"), Some("retained"));
        assert_eq!(outcome("was adopted by 140 votes"), Some("adopted"));
        assert_eq!(outcome("the amendment was rejected by"), Some("rejected"));
        assert_eq!(outcome("n'a pas ete adopte"), Some("rejected"));
        assert_eq!(outcome("was not retained by 50"), Some("not retained"));
        assert_eq!(
            outcome("has not been adopted, owing to the negative vote of a permanent member"),
            Some("vetoed")
        );
        assert_eq!(outcome("has not been adopted"), Some("rejected"));
    }

    #[test]
    fn symbols_and_sessions() {
        let text: Vec<char> = "sur le projet [A/C.1/77/L.56](#) et A/48/L.13. Voir 24-19856, A/79/PV.29 et http://x/1"
            .chars()
            .collect();
        let found: Vec<String> = symbols_in(&text, 0..text.len())
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(found, vec!["A/C.1/77/L.56", "A/48/L.13", "A/79/PV.29"]);
        assert_eq!(session_of("A/C.1/77/L.56"), Some(77));
        assert_eq!(session_of("A/48/L.13"), Some(48));
        assert_eq!(session_of("S/2022/1"), None);
        assert!(is_draft_symbol("A/79/L.8") && !is_draft_symbol("A/79/PV.29"));
    }

    #[test]
    fn dates_in_three_languages() {
        let found = |text: &str| -> Vec<TextDate> {
            dates(&tokenize_str(&fold(text)))
                .into_iter()
                .map(|(_, d)| d)
                .collect()
        };
        let d = |year, month, day| TextDate { year, month, day };
        assert_eq!(found("Monday, 1 November 1993"), vec![d(Some(1993), 11, 1)]);
        assert_eq!(
            found("À sa 30e séance, le 3 novembre, la"),
            vec![d(None, 11, 3)]
        );
        assert_eq!(
            found("el 10 de noviembre de 2022"),
            vec![d(Some(2022), 11, 10)]
        );
        assert_eq!(found("on November 1, 1993,"), vec![d(Some(1993), 11, 1)]);
        let reference = Some(d(Some(2022), 11, 10));
        assert_eq!(d(None, 11, 3).iso(reference).as_deref(), Some("2022-11-03"));
        assert_eq!(d(None, 12, 3).iso(reference).as_deref(), Some("2021-12-03"));
        assert_eq!(d(None, 12, 3).iso(None), None);
    }
}
