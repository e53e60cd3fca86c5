//! Motion ids from what the record says, and the links between the votes of one text.

use super::describe::Described;
use crate::model::Part;
use std::collections::HashMap;

/// Gives each motion its id from what the record says, with `#2`, `#3` on repeats:
///
/// - the resolution the text became, for a vote on a whole text that the record says was
///   adopted as one (`A/RES/65/223`, `S/RES/2448 (2018)`);
/// - else the draft's symbol and the part (`A/C.1/77/L.56:preambular:15`, `S/1997/241:whole`);
/// - else the record's symbol, the draft's name and the part (`A/65/PV.71:draft resolution
///   XVIII:whole`);
/// - else, when the record gives nothing else, the file's name and the part.
///
/// The same vote read from two files (the PDF and the text of one record, two records of one
/// meeting) gets the same id, so that the two are one motion when merged.
pub(super) fn assign_ids(motions: &mut [Described]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for d in motions {
        let m = &d.motion;
        let document = m.document.as_deref().unwrap_or("");
        let base = match (&m.resolution, &m.draft) {
            (Some(resolution), _) if m.part == Part::Whole => resolution.clone(),
            (_, Some(draft)) if d.named_by_draft => format!("{document}:{draft}:{}", m.part),
            _ => format!("{document}:{}", m.part),
        };
        let count = seen.entry(base.clone()).or_insert(0);
        *count += 1;
        d.motion.id = if *count == 1 {
            base
        } else {
            format!("{base}#{count}")
        };
    }
}

/// Links each paragraph or amendment vote to the vote on the whole of the same document: the
/// first one after it, else the last one before it. An amendment whose document has no vote
/// on the whole is linked to the next vote on a whole text ("draft resolution III, as
/// amended").
///
/// # Complexity
///
/// O(V log V) over the V votes of the document.
pub(super) fn link_wholes(motions: &mut [Described]) {
    // Positions of the votes on whole texts, per document and overall, in document order.
    let mut wholes_of: HashMap<Option<String>, Vec<usize>> = HashMap::new();
    let mut wholes: Vec<usize> = Vec::new();
    for (i, m) in motions.iter().enumerate() {
        if m.motion.part == Part::Whole {
            wholes_of
                .entry(m.motion.document.clone())
                .or_default()
                .push(i);
            wholes.push(i);
        }
    }
    let next_after = |positions: &[usize], i: usize| {
        positions
            .get(positions.partition_point(|&p| p <= i))
            .copied()
    };
    let last_before = |positions: &[usize], i: usize| {
        positions
            .partition_point(|&p| p < i)
            .checked_sub(1)
            .and_then(|k| positions.get(k).copied())
    };
    for i in 0..motions.len() {
        if !motions[i].motion.part.is_separate() {
            continue;
        }
        let same = wholes_of
            .get(&motions[i].motion.document)
            .map_or(&[][..], Vec::as_slice);
        let whole = next_after(same, i)
            .or_else(|| last_before(same, i))
            .or_else(|| {
                matches!(motions[i].motion.part, Part::Amendment(_))
                    .then(|| next_after(&wholes, i))
                    .flatten()
            });
        motions[i].motion.whole = whole.map(|w| motions[w].motion.id.clone());
    }
}
