//! What the points of the map and the network are coloured by: the members' blocs or their
//! groups (party, regional group, organisation), with the legend that names the colours.

use super::markup::{Label, Svg, label_width, text_width};
use crate::analysis::Analysis;
use crate::choice::choice;
use crate::format::palette::{NO_BLOC, Rgb, bloc_colour};
use serde::Serialize;

choice! {
    /// What the points of the map and the network are coloured by.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum ColorBy {
        #[default]
        Bloc => "bloc", "The bloc each member was placed in";
        Group => "group", "The member's group: party, UN regional group or organisation (--groups)";
    }
}

/// The colours of the usual parties of Voteview's data, so that a Senate reads as the press
/// draws it (Democrats blue, Republicans red); other groups take the bloc palette in order.
const PARTY_COLOURS: [(&str, Rgb); 3] = [
    ("Democrat", Rgb::hex(0x2f6db5)),
    ("Republican", Rgb::hex(0xd1373a)),
    ("Independent", Rgb::hex(0x8e63b5)),
];

/// One colour of a legend: its label (`bloc 2 (64)`, `WEOG (29)`) and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub label: String,
    pub colour: Rgb,
}

/// The colour of every member and the legend of the colours.
#[derive(Debug, Clone, PartialEq)]
pub struct Colouring {
    /// What the colours stand for.
    pub by: ColorBy,
    /// The legend's title: `Blocs:` or `Groups:`.
    pub title: &'static str,
    /// The legend, in its order (blocs by number; groups largest first, ties by name, then
    /// the members without a group).
    pub entries: Vec<Entry>,
    /// `keys[i]`: the entry of member `i`; `None` for a member without a bloc (grey, not in
    /// the legend).
    keys: Vec<Option<usize>>,
}

impl Colouring {
    /// The colouring of `analysis`'s members by `by`. By bloc, bloc `b` has the palette's
    /// colour `b` ([`bloc_colour`]); by group, the groups of
    /// [`bloc_group_table`](crate::groups::bloc_group_table) (members of a bloc only) in its
    /// order, a party of `PARTY_COLOURS` in its own colour, the others the palette's colours
    /// in order, and the members without a group grey.
    ///
    /// # Complexity
    ///
    /// O(n log g) for n members in g groups.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::analysis::{run, AnalysisParams};
    /// use votebloc::report::colours::{ColorBy, Colouring};
    /// use votebloc::synthetic::{planted, PlantedParams};
    /// let p = planted(&PlantedParams::default().n_members(20).n_motions(30).n_blocs(2)).unwrap();
    /// let analysis = run(p.dataset, &AnalysisParams::default()).unwrap();
    /// let colouring = Colouring::of(&analysis, ColorBy::Bloc);
    /// assert_eq!(colouring.entries.len(), analysis.bloc_sizes.len());
    /// assert_eq!(colouring.entries[0].label, format!("bloc 1 ({})", analysis.bloc_sizes[0]));
    /// assert_eq!(colouring.group_label(0), Some(format!("bloc {}", analysis.blocs[0]).as_str()));
    /// ```
    pub fn of(analysis: &Analysis, by: ColorBy) -> Colouring {
        match by {
            ColorBy::Bloc => Colouring {
                by,
                title: "Blocs:",
                entries: analysis
                    .bloc_sizes
                    .iter()
                    .enumerate()
                    .map(|(b, size)| Entry {
                        label: format!("bloc {} ({size})", b + 1),
                        colour: bloc_colour(b as u32 + 1),
                    })
                    .collect(),
                keys: analysis
                    .blocs
                    .iter()
                    .map(|&b| (b as usize).checked_sub(1))
                    .collect(),
            },
            ColorBy::Group => by_group(analysis),
        }
    }

    /// The colour of member `i` (grey for a member without a bloc or group).
    pub fn colour(&self, i: usize) -> Rgb {
        match self.keys.get(i).copied().flatten() {
            Some(entry) => self.entries[entry].colour,
            None => NO_BLOC,
        }
    }

    /// The key of member `i`: which entry's colour it has (`None`: grey, not in the legend).
    pub fn key(&self, i: usize) -> Option<usize> {
        self.keys.get(i).copied().flatten()
    }

    /// The name of member `i`'s colour for a tooltip (`bloc 2`, `WEOG`), without its count.
    pub fn group_label(&self, i: usize) -> Option<&str> {
        let entry = &self.entries[self.key(i)?];
        Some(
            entry
                .label
                .rsplit_once(" (")
                .map_or(entry.label.as_str(), |(name, _)| name),
        )
    }

    /// Draws the legend in rows from (x, y) within `width` px (see [`legend`]).
    pub fn legend(&self, svg: &mut Svg, x: f64, y: f64, width: f64) {
        legend(svg, self.title, &self.entries, x, y, width);
    }

    /// The height [`Colouring::legend`] takes in `width` px.
    pub fn legend_height(&self, width: f64) -> f64 {
        legend_height(self.title, &self.entries, width)
    }
}

/// The colouring by group (see [`Colouring::of`]).
fn by_group(analysis: &Analysis) -> Colouring {
    let members = &analysis.dataset.members;
    let table = crate::groups::bloc_group_table(members, &analysis.blocs);
    let mut palette = 0u32;
    let mut entries: Vec<Entry> = table
        .groups
        .iter()
        .enumerate()
        .map(|(g, name)| {
            let colour = PARTY_COLOURS
                .iter()
                .find(|(party, _)| party == name)
                .map_or_else(
                    || {
                        palette += 1;
                        bloc_colour(palette)
                    },
                    |&(_, colour)| colour,
                );
            Entry {
                label: format!("{name} ({})", table.group_total(g)),
                colour,
            }
        })
        .collect();
    let ungrouped: usize = table.ungrouped.iter().sum();
    let none = (ungrouped > 0).then(|| {
        entries.push(Entry {
            label: format!("no group ({ungrouped})"),
            colour: NO_BLOC,
        });
        entries.len() - 1
    });
    let keys = members
        .iter()
        .zip(&analysis.blocs)
        .map(|(m, &bloc)| {
            if bloc == 0 {
                return None;
            }
            match m.group.as_deref() {
                Some(group) => table.groups.iter().position(|g| g == group),
                None => none,
            }
        })
        .collect();
    Colouring {
        by: ColorBy::Group,
        title: "Groups:",
        entries,
        keys,
    }
}

/// Width of the legend's title: 48 px, more for a title too long for it.
fn title_width(title: &str) -> f64 {
    (label_width(title, 12.0) * 1.1 + 6.0).max(48.0)
}

/// The width one entry takes in a legend.
fn item_width(label: &str) -> f64 {
    16.0 + text_width(label, 12.0) + 14.0
}

/// Draws a legend in rows from (x, y) within `width` px: `title` in bold, then a swatch and
/// the label of each entry, a new row when one is full.
pub fn legend(svg: &mut Svg, title: &str, entries: &[Entry], x: f64, y: f64, width: f64) {
    let mut cursor = x;
    let mut row_y = y;
    svg.text(&Label::new(x, row_y, title, 12.0).bold());
    cursor += title_width(title);
    for entry in entries {
        let item = item_width(&entry.label);
        if cursor + item > x + width {
            cursor = x + title_width(title);
            row_y += 18.0;
        }
        svg.rect(cursor, row_y - 10.0, 11.0, 11.0, entry.colour, "");
        svg.text(&Label::new(cursor + 16.0, row_y, &entry.label, 12.0));
        cursor += item;
    }
}

/// The height [`legend`] takes for `title` and `entries` in `width` px.
pub fn legend_height(title: &str, entries: &[Entry], width: f64) -> f64 {
    let mut cursor = title_width(title);
    let mut rows = 1.0;
    for entry in entries {
        let item = item_width(&entry.label);
        if cursor + item > width {
            cursor = title_width(title);
            rows += 1.0;
        }
        cursor += item;
    }
    rows * 18.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalysisParams, run};
    use crate::model::{DatasetBuilder, Member, Motion, Vote};

    #[test]
    fn parties_keep_their_colours_and_members_without_group_are_grey() {
        let mut b = DatasetBuilder::new("senate");
        let motions: Vec<u32> = (0..6)
            .map(|m| b.motion(Motion::new(format!("m{m}"))))
            .collect();
        for (i, party) in [
            "Democrat",
            "Democrat",
            "Republican",
            "Republican",
            "Green",
            "",
        ]
        .iter()
        .enumerate()
        {
            let mut member = Member::new(format!("{i}"), format!("M{i}"));
            member.group = (!party.is_empty()).then(|| party.to_string());
            let member = b.member(member);
            for &motion in &motions {
                let vote = if (i < 2) == (motion % 3 != 0) {
                    Vote::Yes
                } else {
                    Vote::No
                };
                b.push(motion, member, vote, None, 0).unwrap();
            }
        }
        let analysis = run(b.finish().unwrap(), &AnalysisParams::default()).unwrap();
        let colouring = Colouring::of(&analysis, ColorBy::Group);
        let labels: Vec<&str> = colouring.entries.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Democrat (2)",
                "Republican (2)",
                "Green (1)",
                "no group (1)"
            ]
        );
        assert_eq!(colouring.colour(0), Rgb::hex(0x2f6db5));
        assert_eq!(colouring.colour(2), Rgb::hex(0xd1373a));
        assert_eq!(colouring.colour(4), bloc_colour(1));
        assert_eq!(colouring.colour(5), NO_BLOC);
        assert_eq!(colouring.group_label(4), Some("Green"));
        assert_eq!(colouring.title, "Groups:");
    }

    #[test]
    fn the_title_of_a_legend_keeps_clear_of_its_first_swatch() {
        assert_eq!(title_width("Blocs:"), 48.0);
        assert!(title_width("Groups:") > label_width("Groups:", 12.0) * 1.05);
    }
}
