//! `votebloc profile -o FILE`: a member's profile as one self-contained HTML page (no script,
//! no external file): partners, a strip of its bloc over the periods, its breaks and split
//! votes.

use super::html::page_head;
use super::lines::{Series, line_plot, series_colour};
use super::markup::{Anchor, Label, Svg};
use crate::export::profile::{BREAKS, PARTNERS, broke_with, motion_label};
use crate::format::escape;
use crate::format::palette::bloc_colour;
use crate::model::Dataset;
use crate::profile::Profile;
use std::fmt::Write;

/// Breaks listed on the page (the terminal lists [`BREAKS`]).
const PAGE_BREAKS: usize = 5 * BREAKS;

/// The page of `profile` (`index`: the partners' index, for the headings).
///
/// # Examples
/// ```
/// use votebloc::analysis::AnalysisParams;
/// use votebloc::profile::{run, ProfileParams};
/// use votebloc::report::profile::profile_html;
/// use votebloc::synthetic::{planted, PlantedParams};
/// let data = planted(&PlantedParams::default().n_members(20).n_motions(30).n_blocs(2)).unwrap().dataset;
/// let profile = run(&data, &ProfileParams::new(0), &AnalysisParams::default()).unwrap();
/// let page = profile_html(&data, &profile, "agreement");
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains("Nearest partners"));
/// ```
pub fn profile_html(data: &Dataset, profile: &Profile, index: &str) -> String {
    let member = &data.members[profile.member];
    let title = format!("{} ({})", member.name, member.code);
    let mut out = String::with_capacity(1 << 15);
    page_head(&mut out, &format!("votebloc profile: {title}"), &title);
    let group = member
        .group
        .as_deref()
        .map(|g| format!("group {} · ", escape(g)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<p class=\"lead\">{group}{} cast votes on {} motions where it was a member · votebloc {}</p>",
        profile.cast,
        profile.entitled,
        env!("CARGO_PKG_VERSION")
    );
    partners_section(&mut out, data, profile, index);
    blocs_section(&mut out, profile);
    ideal_section(&mut out, data, profile);
    breaks_section(&mut out, data, profile);
    splits_section(&mut out, data, profile);
    out.push_str("</body>\n</html>\n");
    out
}

fn partners_section(out: &mut String, data: &Dataset, profile: &Profile, index: &str) {
    let least = profile.least_common();
    for (label, partners) in [
        (
            "Nearest partners",
            profile.nearest(least).take(PARTNERS).collect::<Vec<_>>(),
        ),
        (
            "Farthest partners",
            profile.farthest(least).take(PARTNERS).collect::<Vec<_>>(),
        ),
    ] {
        let _ = writeln!(
            out,
            "<h2>{label}</h2>\n<p>{}, over the motions both cast a vote on (at least {least}).</p>",
            escape(index)
        );
        out.push_str(
            "<table><tr><th>member</th><th>name</th><th>value</th><th>shared votes</th></tr>\n",
        );
        for p in partners {
            let m = &data.members[p.member];
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&m.code),
                escape(&m.name),
                p.value.map_or("–".to_string(), |v| format!("{v:.3}")),
                p.common
            );
        }
        out.push_str("</table>\n");
    }
}

/// A strip of coloured cells, one per period, the bloc's number in each; the periods where
/// the member was not analysed left blank.
fn blocs_section(out: &mut String, profile: &Profile) {
    out.push_str("<h2>Bloc over time</h2>\n");
    let by = profile
        .by
        .map_or("the whole data".to_string(), |b| format!("by {b}"));
    let _ = writeln!(
        out,
        "<p>Its bloc in each analysis ({by}); a bloc keeps its number from one period to the next.</p>"
    );
    let cell = 22.0;
    let width = 60.0 + cell * profile.places.len().max(1) as f64;
    let mut svg = Svg::new(width, 70.0, "bloc over time");
    for (i, place) in profile.places.iter().enumerate() {
        let x = 40.0 + cell * i as f64;
        let colour = bloc_colour(place.bloc);
        svg.rect(x, 10.0, cell - 2.0, cell, colour, "");
        let bloc = place.bloc.to_string();
        svg.text(
            &Label::new(x + (cell - 2.0) / 2.0, 25.0, &bloc, 10.0)
                .anchor(Anchor::Middle)
                .fill(colour.text_colour()),
        );
        let period = place.period.map_or("all".to_string(), |p| p.to_string());
        if i % 5 == 0 || profile.places.len() <= 12 {
            svg.text(&Label::new(x, 50.0, &period, 9.0).rotate(45.0));
        }
    }
    out.push_str(&svg.finish());
    out.push_str("\n<table><tr><th>period</th><th>bloc</th><th>size</th><th>stability</th><th>with</th></tr>\n");
    for place in &profile.places {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} of {}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            place.period.map_or("all".to_string(), |p| p.to_string()),
            place.bloc,
            place.bloc_size,
            place.members,
            if place.stability.is_finite() {
                format!("{:.2}", place.stability)
            } else {
                "–".to_string()
            },
            escape(&place.with.join(" "))
        );
    }
    out.push_str("</table>\n");
}

/// Its ideal point per period as a line, when estimated.
fn ideal_section(out: &mut String, data: &Dataset, profile: &Profile) {
    let Some(anchor) = &profile.ideal_anchor else {
        return;
    };
    let _ = writeln!(
        out,
        "<h2>Ideal point</h2>\n<p>Its position on the main line of conflict (ordinal item-response model, {} positive), period by period.</p>",
        escape(anchor)
    );
    if profile.ideal.is_empty() {
        out.push_str("<p>Not placed: too few votes in the model.</p>\n");
        return;
    }
    let labels: Vec<String> = profile
        .ideal
        .iter()
        .map(|p| p.period.map_or("all".to_string(), |p| p.to_string()))
        .collect();
    let values: Vec<Option<f64>> = profile.ideal.iter().map(|p| Some(p.ideal)).collect();
    let bound = values
        .iter()
        .flatten()
        .fold(1.0f64, |m, v| m.max(v.abs()))
        .ceil();
    let series = [Series {
        label: data.members[profile.member].code.clone(),
        colour: series_colour(0),
        values,
    }];
    out.push_str(&line_plot(
        "ideal point",
        &labels,
        &series,
        None,
        (-bound, bound),
    ));
    out.push('\n');
}

fn breaks_section(out: &mut String, data: &Dataset, profile: &Profile) {
    let _ = writeln!(
        out,
        "<h2>Breaks with its bloc or group</h2>\n<p>{} motions where its vote differs from a clear majority of the rest of its bloc (in that period) or group; the clearest {} below.</p>",
        profile.breaks.len(),
        profile.breaks.len().min(PAGE_BREAKS)
    );
    if profile.breaks.is_empty() {
        return;
    }
    out.push_str("<table><tr><th>date</th><th>motion</th><th>vote</th><th>title</th></tr>\n");
    for b in profile.breaks.iter().take(PAGE_BREAKS) {
        let [date, name, title] = motion_label(data, b.motion, 120);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&date),
            escape(&name),
            escape(&broke_with(b)),
            escape(&title)
        );
    }
    out.push_str("</table>\n");
}

fn splits_section(out: &mut String, data: &Dataset, profile: &Profile) {
    if profile.splits.is_empty() {
        return;
    }
    out.push_str(
        "<h2>Split votes</h2>\n<p>Texts on whose parts it voted otherwise than on the whole.</p>\n",
    );
    out.push_str("<table><tr><th>date</th><th>text</th><th>whole</th><th>parts</th></tr>\n");
    for s in &profile.splits {
        let [date, name, _] = motion_label(data, s.whole, 0);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&date),
            escape(&name),
            s.whole_vote.as_str(),
            escape(&s.part_votes())
        );
    }
    out.push_str("</table>\n");
}
