//! `votebloc profile`'s terminal summary: a member's partners, blocs over time, breaks with
//! its bloc or group, and split votes, as aligned tables for people.

use crate::model::Dataset;
use crate::profile::{Break, Profile, Side};
use std::io::{self, Write};

/// Partners listed at each end (nearest, farthest).
pub const PARTNERS: usize = 5;
/// Breaks listed in the terminal; the page lists more.
pub const BREAKS: usize = 10;

/// A motion as a reader knows it: its date, symbol or id, and title (cut to `width`).
pub fn motion_label(data: &Dataset, motion: usize, width: usize) -> [String; 3] {
    let m = &data.motions[motion];
    let name = m
        .resolution
        .clone()
        .or_else(|| m.document.clone())
        .unwrap_or_else(|| m.id.clone());
    let title = m.title.as_deref().unwrap_or("").trim();
    let title = if title.chars().count() > width {
        let cut: String = title.chars().take(width.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        title.to_string()
    };
    [m.date.clone().unwrap_or_default(), name, title]
}

/// What a side voted: `bloc 1 yes (40–1–0)`, its other members' yes–no–abstain.
pub fn side_vote(side: &Side) -> String {
    let [y, n, a] = side.counts;
    format!("{} {} ({y}–{n}–{a})", side.label, side.majority.as_str())
}

/// The member's vote and what it broke with: `no against bloc 1 yes (40–1–0)`.
pub fn broke_with(b: &Break) -> String {
    let sides: Vec<String> = [&b.bloc, &b.group]
        .into_iter()
        .flatten()
        .map(side_vote)
        .collect();
    format!("{} against {}", b.vote.as_str(), sides.join("; "))
}

fn heading(out: &mut impl Write, text: &str, styled: bool) -> io::Result<()> {
    if styled {
        writeln!(out, "\n\x1b[1m{text}\x1b[0m")
    } else {
        writeln!(out, "\n{text}")
    }
}

fn table(out: &mut impl Write, rows: &[Vec<String>], right: &[bool]) -> io::Result<()> {
    for line in super::table::align(rows, right) {
        writeln!(out, "  {}", line.trim_end())?;
    }
    Ok(())
}

/// Writes the summary: who the member is, its nearest and farthest partners (over the
/// motions both cast a vote on, at least [`Profile::least_common`]), its bloc in each period,
/// its clearest breaks (up to [`BREAKS`]) and its split votes.
///
/// # Errors
/// Those of `out`.
pub fn write_summary(
    data: &Dataset,
    profile: &Profile,
    index: &str,
    out: &mut impl Write,
    styled: bool,
) -> io::Result<()> {
    let member = &data.members[profile.member];
    let group = member
        .group
        .as_deref()
        .map(|g| format!(", {g}"))
        .unwrap_or_default();
    let title = format!("{} ({}{group})", member.name, member.code);
    if styled {
        writeln!(out, "\x1b[1m{title}\x1b[0m")?;
    } else {
        writeln!(out, "{title}")?;
    }
    writeln!(
        out,
        "{} cast votes (yes, no, abstain) on {} motions where it was a member of the body",
        profile.cast, profile.entitled
    )?;
    write_partners(data, profile, index, out, styled)?;
    write_places(profile, out, styled)?;
    write_ideal(profile, out, styled)?;
    write_breaks(data, profile, out, styled)?;
    write_splits(data, profile, out, styled)
}

fn write_partners(
    data: &Dataset,
    profile: &Profile,
    index: &str,
    out: &mut impl Write,
    styled: bool,
) -> io::Result<()> {
    let least = profile.least_common();
    for (label, partners) in [
        (
            "Nearest",
            profile.nearest(least).take(PARTNERS).collect::<Vec<_>>(),
        ),
        (
            "Farthest",
            profile.farthest(least).take(PARTNERS).collect::<Vec<_>>(),
        ),
    ] {
        heading(
            out,
            &format!("{label} partners ({index}, over at least {least} shared cast votes)"),
            styled,
        )?;
        if partners.is_empty() {
            writeln!(out, "  none")?;
            continue;
        }
        let rows: Vec<Vec<String>> = partners
            .iter()
            .map(|p| {
                vec![
                    data.members[p.member].code.clone(),
                    data.members[p.member].name.clone(),
                    p.value.map_or("–".to_string(), |v| format!("{v:.3}")),
                    format!("{} votes", p.common),
                ]
            })
            .collect();
        table(out, &rows, &[false, false, true, true])?;
    }
    Ok(())
}

fn write_places(profile: &Profile, out: &mut impl Write, styled: bool) -> io::Result<()> {
    let by = profile
        .by
        .map_or("the whole data".to_string(), |b| format!("by {b}"));
    heading(out, &format!("Bloc ({by})"), styled)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for place in &profile.places {
        rows.push(vec![
            place.period.map_or("all".to_string(), |p| p.to_string()),
            format!("bloc {}", place.bloc),
            format!("{} of {}", place.bloc_size, place.members),
            if place.stability.is_finite() {
                format!("stability {:.2}", place.stability)
            } else {
                String::new()
            },
            format!("with {}", place.with.join(" ")),
        ]);
    }
    table(out, &rows, &[true, false, true, false, false])?;
    if !profile.periods_without.is_empty() {
        let periods: Vec<String> = profile.periods_without.iter().map(u32::to_string).collect();
        writeln!(
            out,
            "  not analysed in {} period(s) (not a member, or too few cast votes): {}",
            periods.len(),
            periods.join(" ")
        )?;
    }
    Ok(())
}

fn write_ideal(profile: &Profile, out: &mut impl Write, styled: bool) -> io::Result<()> {
    let Some(anchor) = &profile.ideal_anchor else {
        return Ok(());
    };
    heading(
        out,
        &format!("Ideal point (ordinal IRT, {anchor} positive; rank 1 = most positive)"),
        styled,
    )?;
    if profile.ideal.is_empty() {
        return writeln!(out, "  not placed (too few votes in the model)");
    }
    let rows: Vec<Vec<String>> = profile
        .ideal
        .iter()
        .map(|p| {
            vec![
                p.period.map_or("all".to_string(), |p| p.to_string()),
                // Rounded first, so that a value just below zero does not print as -0.00.
                format!("{:+.2}", (p.ideal * 100.0).round() / 100.0 + 0.0),
                format!("rank {}", p.rank),
                format!("of {}", p.of),
            ]
        })
        .collect();
    table(out, &rows, &[true, true, true, false])
}

fn write_breaks(
    data: &Dataset,
    profile: &Profile,
    out: &mut impl Write,
    styled: bool,
) -> io::Result<()> {
    heading(
        out,
        &format!(
            "Breaks with its bloc or group ({} motions; the clearest {})",
            profile.breaks.len(),
            profile.breaks.len().min(BREAKS)
        ),
        styled,
    )?;
    if profile.breaks.is_empty() {
        return writeln!(out, "  none");
    }
    let rows: Vec<Vec<String>> = profile
        .breaks
        .iter()
        .take(BREAKS)
        .map(|b| {
            let [date, name, title] = motion_label(data, b.motion, 60);
            vec![date, name, broke_with(b), title]
        })
        .collect();
    table(out, &rows, &[false, false, false, false])
}

fn write_splits(
    data: &Dataset,
    profile: &Profile,
    out: &mut impl Write,
    styled: bool,
) -> io::Result<()> {
    if profile.splits.is_empty() {
        return Ok(());
    }
    heading(
        out,
        &format!(
            "Split votes: parts against the whole ({})",
            profile.splits.len()
        ),
        styled,
    )?;
    let rows: Vec<Vec<String>> = profile
        .splits
        .iter()
        .map(|s| {
            let [date, name, _] = motion_label(data, s.whole, 0);
            vec![
                date,
                name,
                format!("whole {}", s.whole_vote.as_str()),
                s.part_votes(),
            ]
        })
        .collect();
    table(out, &rows, &[false, false, false, false])
}
