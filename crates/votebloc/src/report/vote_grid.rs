//! The vote grid: for each text voted in parts, its split members × the separately voted
//! parts and the whole, each cell coloured by the member's vote.

use super::markup::{Anchor, Label, Svg, text_width};
use crate::analysis::Analysis;
use crate::format::palette::{Rgb, bloc_colour, vote_colour};
use crate::model::{Dataset, Vote};

/// Most texts drawn (the first in dataset order); the rest are in `swing.csv`.
pub const MAX_TEXTS: usize = 12;
/// Most members drawn per text (by bloc, then code).
pub const MAX_MEMBERS: usize = 80;

/// One grid: a text voted in parts and the members who split their votes on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Index of the motion on the whole text.
    pub whole: usize,
    /// Columns: the separately voted parts in canonical order (preambular paragraphs by
    /// number, operative paragraphs, amendments), then the whole.
    pub columns: Vec<usize>,
    /// Rows: the split members, by bloc then member code.
    pub members: Vec<usize>,
}

/// The grids of an analysis, one per text with split members, in dataset order of the texts.
///
/// # Complexity
///
/// O(M log M + s log s) for M motions and s split votes.
///
/// # Examples
///
/// ```
/// use votebloc::analysis::{run, AnalysisParams};
/// use votebloc::ingest::{read_embedded, IngestOptions};
/// use votebloc::report::vote_grid::split_grids;
/// let analysis = run(read_embedded(&IngestOptions::default()).unwrap(), &AnalysisParams::default()).unwrap();
/// let grids = split_grids(&analysis);
/// assert_eq!(grids.len(), 1);
/// assert_eq!(grids[0].columns.len(), 5); // PP15, PP16, PP17, OP2, whole
/// assert_eq!(grids[0].members.len(), 7);
/// ```
pub fn split_grids(analysis: &Analysis) -> Vec<Grid> {
    let data = &analysis.dataset;
    let mut grids: Vec<Grid> = Vec::new();
    for split in &analysis.swing.splits.splits {
        match grids.iter_mut().find(|g| g.whole == split.whole) {
            Some(grid) => grid.members.push(split.member),
            None => grids.push(Grid {
                whole: split.whole,
                columns: columns_of(data, split.whole),
                members: vec![split.member],
            }),
        }
    }
    for grid in &mut grids {
        grid.members.sort_by_key(|&m| {
            let bloc = analysis.blocs.get(m).copied().unwrap_or(0);
            (bloc == 0, bloc, m)
        });
        grid.members.dedup();
    }
    grids.sort_by_key(|g| g.whole);
    grids
}

fn columns_of(data: &Dataset, whole: usize) -> Vec<usize> {
    let Some(id) = data.motions.get(whole).map(|m| m.id.as_str()) else {
        return Vec::new();
    };
    let mut parts: Vec<usize> = (0..data.motions.len())
        .filter(|&m| m != whole && data.motions[m].whole.as_deref() == Some(id))
        .collect();
    parts.sort_by(|&a, &b| {
        data.motions[a]
            .part
            .cmp(&data.motions[b].part)
            .then(a.cmp(&b))
    });
    parts.push(whole);
    parts
}

/// Letter written in a cell: Y, N, A, – (absent), blank (not a member or no record).
fn letter(vote: Option<Vote>) -> &'static str {
    match vote {
        Some(Vote::Yes) => "Y",
        Some(Vote::No) => "N",
        Some(Vote::Abstain) => "A",
        Some(Vote::Absent) => "–",
        Some(Vote::NotMember) | None => "",
    }
}

/// Short column heading: `PP15`, `OP2`, `whole`; amendments by document.
fn heading(data: &Dataset, motion: usize) -> String {
    data.motions
        .get(motion)
        .map(|m| m.part.short_label())
        .unwrap_or_default()
}

/// The vote grid as SVG, or `None` when no member split its votes. One panel per text (at
/// most [`MAX_TEXTS`], each with at most [`MAX_MEMBERS`] rows; a note says what is left out):
/// rows are members with their bloc colour, columns the parts then the whole, each cell
/// coloured yes / no / abstain / absent and marked Y / N / A / –, so it reads in grey scale.
///
/// Deterministic.
///
/// # Complexity
///
/// O(cells · log V) (each cell looks its vote up).
pub fn vote_grid_svg(analysis: &Analysis) -> Option<String> {
    let data = &analysis.dataset;
    let grids = split_grids(analysis);
    if grids.is_empty() {
        return None;
    }
    let shown = &grids[..grids.len().min(MAX_TEXTS)];
    let layout = Layout::of(data, shown);
    let panel_heights: Vec<f64> = shown
        .iter()
        .map(|g| 60.0 + g.members.len().min(MAX_MEMBERS) as f64 * layout.row_height + 16.0)
        .collect();
    let height = 70.0 + panel_heights.iter().sum::<f64>() + 60.0;
    let width = layout.width;
    let title = "Split votes";
    let mut svg = Svg::new(width, height, title);
    svg.text(
        &Label::new(width / 2.0, 26.0, title, 18.0)
            .anchor(Anchor::Middle)
            .bold(),
    );
    let subtitle =
        "members whose votes on separately voted parts differ from their vote on the whole";
    svg.text(
        &Label::new(width / 2.0, 46.0, subtitle, 12.0)
            .anchor(Anchor::Middle)
            .fill(Rgb::hex(0x444444)),
    );
    let mut y = 70.0;
    for (grid, panel) in shown.iter().zip(&panel_heights) {
        draw_panel(&mut svg, analysis, grid, &layout, y);
        y += panel;
    }
    let legend_y = y + 20.0;
    draw_vote_legend(&mut svg, layout.left, legend_y);
    if grids.len() > MAX_TEXTS {
        let note = format!(
            "{} more texts with split votes are listed in swing.csv",
            grids.len() - MAX_TEXTS
        );
        svg.text(&Label::new(layout.left, legend_y + 24.0, &note, 11.0));
    }
    Some(svg.finish())
}

/// A row's label: member code and name, cut to 34 characters.
fn row_label(data: &Dataset, m: usize) -> String {
    let member = &data.members[m];
    let mut text = format!("{}  {}", member.code, member.name);
    if text.chars().count() > 34 {
        text = text.chars().take(33).collect::<String>() + "…";
    }
    text
}

/// The horizontal geometry shared by every panel, and the row height.
struct Layout {
    /// Left edge of the bloc column and of the headings.
    left: f64,
    /// Left edge of the first vote column.
    grid_left: f64,
    /// Width of one vote column (wide enough for the widest heading, within bounds).
    column_width: f64,
    /// Height of one member row.
    row_height: f64,
    /// Width of the whole drawing.
    width: f64,
}

impl Layout {
    /// The geometry fitting the labels and headings of the grids shown.
    fn of(data: &Dataset, shown: &[Grid]) -> Layout {
        let label_width = shown
            .iter()
            .flat_map(|g| g.members.iter().take(MAX_MEMBERS))
            .map(|&m| text_width(&row_label(data, m), 12.0))
            .fold(120.0f64, f64::max);
        let max_columns = shown.iter().map(|g| g.columns.len()).max().unwrap_or(1);
        let column_width = shown
            .iter()
            .flat_map(|g| g.columns.iter())
            .map(|&c| text_width(&heading(data, c), 11.0) + 10.0)
            .fold(46.0f64, f64::max)
            .min(160.0);
        let (row_height, left) = (22.0, 30.0);
        let grid_left = left + 40.0 + label_width;
        let width = (grid_left + max_columns as f64 * column_width + 30.0).max(640.0);
        Layout {
            left,
            grid_left,
            column_width,
            row_height,
            width,
        }
    }
}

/// One text's panel from `y` down: its heading, the column headings, the member rows and
/// the note on the rows left out.
fn draw_panel(svg: &mut Svg, analysis: &Analysis, grid: &Grid, layout: &Layout, y: f64) {
    let data = &analysis.dataset;
    let left = layout.left;
    let motion = &data.motions[grid.whole];
    let name = motion.document.as_deref().unwrap_or(motion.id.as_str());
    let heading_text = format!(
        "{name} — {} split member{}",
        grid.members.len(),
        if grid.members.len() == 1 { "" } else { "s" }
    );
    svg.text(&Label::new(left, y + 18.0, &heading_text, 14.0).bold());
    let header_y = y + 48.0;
    svg.text(&Label::new(left, header_y, "bloc", 11.0).fill(Rgb::hex(0x444444)));
    svg.text(&Label::new(left + 40.0, header_y, "member", 11.0).fill(Rgb::hex(0x444444)));
    for (c, &column) in grid.columns.iter().enumerate() {
        let x = layout.grid_left + (c as f64 + 0.5) * layout.column_width;
        let text = heading(data, column);
        let mut label = Label::new(x, header_y, &text, 11.0).anchor(Anchor::Middle);
        if column == grid.whole {
            label = label.bold();
        }
        svg.text(&label);
    }
    let rows_top = header_y + 8.0;
    for (r, &member) in grid.members.iter().take(MAX_MEMBERS).enumerate() {
        let row_y = rows_top + r as f64 * layout.row_height;
        draw_member_row(svg, analysis, grid, layout, member, row_y);
    }
    if grid.members.len() > MAX_MEMBERS {
        let note = format!(
            "… {} more members in swing.csv",
            grid.members.len() - MAX_MEMBERS
        );
        svg.text(&Label::new(
            left + 40.0,
            rows_top + MAX_MEMBERS as f64 * layout.row_height + 12.0,
            &note,
            11.0,
        ));
    }
}

/// One member's row at `row_y`: bloc box, label, and a lettered cell per column.
fn draw_member_row(
    svg: &mut Svg,
    analysis: &Analysis,
    grid: &Grid,
    layout: &Layout,
    member: usize,
    row_y: f64,
) {
    let data = &analysis.dataset;
    let &Layout {
        left,
        grid_left,
        column_width,
        row_height,
        ..
    } = layout;
    let bloc = analysis.blocs.get(member).copied().unwrap_or(0);
    let colour = bloc_colour(bloc);
    svg.rect(left, row_y + 2.0, 26.0, row_height - 4.0, colour, "");
    let bloc_text = if bloc == 0 {
        "–".to_string()
    } else {
        bloc.to_string()
    };
    svg.text(
        &Label::new(left + 13.0, row_y + 15.0, &bloc_text, 11.0)
            .anchor(Anchor::Middle)
            .fill(colour.text_colour()),
    );
    svg.text(&Label::new(
        left + 40.0,
        row_y + 15.0,
        &row_label(data, member),
        12.0,
    ));
    for (c, &column) in grid.columns.iter().enumerate() {
        let vote = data.vote(column, member);
        let fill = vote_colour(vote.unwrap_or(Vote::NotMember));
        let x = grid_left + c as f64 * column_width;
        svg.rect(
            x + 1.0,
            row_y + 1.0,
            column_width - 2.0,
            row_height - 2.0,
            fill,
            r##" stroke="#bbbbbb" stroke-width="0.5""##,
        );
        svg.text(
            &Label::new(x + column_width / 2.0, row_y + 15.0, letter(vote), 12.0)
                .anchor(Anchor::Middle)
                .bold()
                .fill(fill.text_colour()),
        );
    }
}

/// The legend of the vote colours and letters, in one line from `(x, legend_y)`.
fn draw_vote_legend(svg: &mut Svg, mut x: f64, legend_y: f64) {
    for (vote, text) in [
        (Vote::Yes, "Y yes"),
        (Vote::No, "N no"),
        (Vote::Abstain, "A abstain"),
        (Vote::Absent, "– absent"),
        (Vote::NotMember, "not a member / no record"),
    ] {
        svg.rect(
            x,
            legend_y - 11.0,
            14.0,
            14.0,
            vote_colour(vote),
            r##" stroke="#999999" stroke-width="0.5""##,
        );
        svg.text(&Label::new(x + 19.0, legend_y, text, 12.0));
        x += 19.0 + text_width(text, 12.0) + 16.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_read_without_colour() {
        assert_eq!(letter(Some(Vote::Yes)), "Y");
        assert_eq!(letter(Some(Vote::Absent)), "–");
        assert_eq!(letter(None), "");
    }
}
