//! The findings of the HTML report a reader checks first: the warning when two blocs are not
//! distinct, how far apart the blocs are, blocs against known groups, the motions by name,
//! the swing members and the narrow votes, each a compact table.

use super::cells::{fixed, swatch};
use super::markup::escape;
use crate::Choice;
use crate::analysis::Analysis;
use crate::cluster::separation::{self, DISTINCT_ABOVE, NOT_SEPARATED_AT_MOST};
use crate::model::{Dataset, Member, Motion, Vote};
use std::fmt::Write;

/// Most motions listed in the Summary and in the narrow votes (the rest are in the CSV files).
pub const MAX_MOTIONS_LISTED: usize = 60;

/// Most swing members listed (the rest are in `swing.csv`).
pub const MAX_SWING_LISTED: usize = 25;

/// Characters of a motion's title shown (the whole title is the cell's tooltip).
const TITLE_CHARS: usize = 110;

/// The warning at the top of the report when two blocs are not distinct (nothing otherwise).
pub(crate) fn separation_warning(out: &mut String, analysis: &Analysis) {
    let pairs: Vec<_> = separation::indistinct(&analysis.quality.separation).collect();
    if pairs.is_empty() {
        return;
    }
    out.push_str("<div class=\"warning\"><strong>Blocs that are not clearly distinct.</strong> Read them as one bloc with shades rather than as two camps (details under <a href=\"#separation\">How far apart the blocs are</a>).\n<ul>\n");
    for pair in pairs {
        let _ = writeln!(out, "<li>{}</li>", escape(&pair.describe()));
    }
    out.push_str("</ul>\n</div>\n");
}

/// The table of the separation of each pair of blocs, with the rule that reads it.
pub(crate) fn separation_table(out: &mut String, analysis: &Analysis) {
    let pairs = &analysis.quality.separation;
    if pairs.is_empty() {
        return;
    }
    out.push_str("<h3 id=\"separation\">How far apart the blocs are</h3>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">For each pair of blocs: the mean similarity of the members within \
         each bloc and between the two, and the silhouette of the two blocs taken alone \
         (Rousseeuw 1987: for each member, how much nearer its own bloc is than the other, \
         from −1 to 1), read as Kaufman &amp; Rousseeuw (1990, <i>Finding Groups in Data</i>, \
         p. 88) read a silhouette: above {DISTINCT_ABOVE:.2} distinct; {:.2}–{DISTINCT_ABOVE:.2} \
         a weak structure that could be artificial; {NOT_SEPARATED_AT_MOST:.2} or less no \
         substantial structure.</p>",
        NOT_SEPARATED_AT_MOST + 0.01
    );
    out.push_str("<table>\n<thead><tr><th>blocs</th><th>members</th><th>similarity within</th><th>similarity between</th><th>silhouette</th><th>closer to the other bloc</th><th>verdict</th></tr></thead>\n<tbody>\n");
    for pair in pairs {
        let [a, b] = pair.blocs;
        let _ = writeln!(
            out,
            "<tr><td>{}{a} and {}{b}</td><td class=\"number\">{} + {}</td><td class=\"number\">{} / {}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td>{}</td></tr>",
            swatch(a),
            swatch(b),
            pair.sizes[0],
            pair.sizes[1],
            fixed(pair.within[0], 3),
            fixed(pair.within[1], 3),
            fixed(pair.between, 3),
            fixed(Some(pair.silhouette), 2),
            pair.closer_to_other,
            if pair.verdict.warns() {
                format!("<strong>{}</strong>", pair.verdict.name())
            } else {
                pair.verdict.name().to_string()
            }
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// How many blocs the data support: the resolution scan's table when it was run
/// (`--scan`), a note saying how to run it otherwise (Leiden only).
pub(crate) fn scan_section(out: &mut String, analysis: &Analysis) {
    use crate::cluster::scan::ScanResult;
    if analysis.params.method != crate::analysis::Method::Leiden {
        return;
    }
    out.push_str("<h3 id=\"scan\">How many blocs</h3>\n");
    let Some(scan) = analysis.stage::<ScanResult>() else {
        out.push_str("<p class=\"note\">Not measured: <code>--scan</code> finds the blocs again at 17 resolutions from a quarter to four times γ and recommends the number of blocs that persists over the widest range (Arenas, Fernández &amp; Gómez 2008).</p>\n");
        return;
    };
    let _ = writeln!(
        out,
        "<p class=\"note\">The blocs found again at resolutions from a quarter to four times \
         γ; consecutive resolutions with as many blocs and nearly the same members (adjusted \
         Rand index ≥ {:.1}) form a plateau, and the partition that persists over the widest \
         range is the one to report (Arenas, Fernández &amp; Gómez 2008; Traag, Krings &amp; \
         Van Dooren 2013). {}.</p>",
        crate::cluster::scan::SAME_PARTITION_ARI,
        escape(&upper_first(&scan.describe()))
    );
    out.push_str("<table>\n<thead><tr><th>γ</th><th>blocs</th><th>sizes</th><th>mean stability</th><th>least pair silhouette</th><th>same members at the next γ (ARI)</th><th></th></tr></thead>\n<tbody>\n");
    let chosen = scan.chosen.map(|c| scan.plateaus[c]);
    for (i, step) in scan.steps.iter().enumerate() {
        let mut marks = Vec::new();
        if chosen.is_some_and(|p| (p.first..=p.last).contains(&i)) {
            marks.push("recommended");
        }
        if i == scan.analysed {
            marks.push("this analysis");
        }
        let sizes: Vec<String> = step.sizes.iter().take(8).map(usize::to_string).collect();
        let more = if step.sizes.len() > 8 { ", …" } else { "" };
        let _ = writeln!(
            out,
            "<tr><td class=\"number\">{}</td><td class=\"number\">{}</td><td>{}{more}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td>{}</td></tr>",
            fixed(Some(step.resolution), 3),
            step.sizes.len(),
            sizes.join(", "),
            fixed(Some(step.stability), 2),
            fixed(step.least_separation, 2),
            fixed(step.next_ari, 2),
            marks.join(", ")
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// `text` with its first letter in upper case.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The table of the blocs' members by group (nothing when no member has a group), with the
/// adjusted Rand index between blocs and groups.
pub(crate) fn group_table(out: &mut String, analysis: &Analysis) {
    let data = &analysis.dataset;
    let table = crate::groups::bloc_group_table(&data.members, &analysis.blocs);
    if table.is_empty() {
        return;
    }
    out.push_str("<h3 id=\"groups\">Blocs and groups</h3>\n");
    let ari = match analysis.quality.group_ari {
        Some(ari) => format!(
            "Agreement of the blocs with the groups: adjusted Rand index {ari:.3} (1: the \
             blocs are the groups; 0: no more alike than by chance)."
        ),
        None => "The members are in fewer than two groups: no agreement to measure.".to_string(),
    };
    let _ = writeln!(
        out,
        "<p class=\"note\">Members of each bloc by group: party for legislators, for states the \
         UN regional group or the grouping chosen with <code>--groups</code>, as on the dates of \
         the motions they voted on. {ari}</p>"
    );
    out.push_str("<table>\n<thead><tr><th>bloc</th>");
    for group in &table.groups {
        let _ = write!(out, "<th>{}</th>", escape(group));
    }
    let ungrouped = table.ungrouped.iter().any(|&n| n > 0);
    if ungrouped {
        out.push_str("<th>no group</th>");
    }
    out.push_str("<th>members</th></tr></thead>\n<tbody>\n");
    for (b, row) in table.counts.iter().enumerate() {
        let bloc = b as u32 + 1;
        let _ = write!(out, "<tr><td>{}{bloc}</td>", swatch(bloc));
        for &count in row {
            let _ = write!(out, "<td class=\"number\">{}</td>", count_cell(count));
        }
        if ungrouped {
            let _ = write!(
                out,
                "<td class=\"number\">{}</td>",
                count_cell(table.ungrouped[b])
            );
        }
        let size = row.iter().sum::<usize>() + table.ungrouped[b];
        let _ = writeln!(out, "<td class=\"number\">{size}</td></tr>");
    }
    out.push_str("<tr><th scope=\"row\">all</th>");
    for g in 0..table.groups.len() {
        let _ = write!(out, "<td class=\"number\">{}</td>", table.group_total(g));
    }
    if ungrouped {
        let _ = write!(
            out,
            "<td class=\"number\">{}</td>",
            table.ungrouped.iter().sum::<usize>()
        );
    }
    let all: usize =
        table.counts.iter().flatten().sum::<usize>() + table.ungrouped.iter().sum::<usize>();
    let _ = writeln!(out, "<td class=\"number\">{all}</td></tr>");
    out.push_str("</tbody>\n</table>\n");
}

/// A count, blank when zero (so that the table's pattern shows).
fn count_cell(count: usize) -> String {
    if count == 0 {
        String::new()
    } else {
        count.to_string()
    }
}

/// A title cut to [`TITLE_CHARS`] characters, the whole as its tooltip.
pub(crate) fn title_cell(title: Option<&str>) -> String {
    let Some(whole) = title else {
        return String::new();
    };
    let title = without_catalogue_statement(whole);
    if title.len() < whole.len() && title.chars().count() <= TITLE_CHARS {
        return format!("<span title=\"{}\">{}</span>", escape(whole), escape(title));
    }
    if title.chars().count() <= TITLE_CHARS {
        return escape(title).into_owned();
    }
    let cut: String = title.chars().take(TITLE_CHARS).collect();
    format!(
        "<span title=\"{}\">{}…</span>",
        escape(whole),
        escape(cut.trim_end())
    )
}

/// `title` without the UN Digital Library catalogue's statement of responsibility that
/// unvotes' descriptions end with ("… : resolution / adopted by the General Assembly", in
/// its misspelt and cut variants too): what a reader needs is the subject.
fn without_catalogue_statement(title: &str) -> &str {
    match title.rfind(" : ") {
        Some(at)
            if title[at + 3..].starts_with("resol") && title[at..].contains("/ adopted by") =>
        {
            title[..at].trim_end()
        }
        _ => title,
    }
}

/// The yes, no and abstain votes of the analysed members on each motion.
fn counted(data: &Dataset) -> Vec<[usize; 3]> {
    let mut counts = vec![[0usize; 3]; data.motions.len()];
    for vote in &data.votes {
        let column = match vote.vote {
            Vote::Yes => 0,
            Vote::No => 1,
            Vote::Abstain => 2,
            _ => continue,
        };
        counts[vote.motion as usize][column] += 1;
    }
    counts
}

/// A column of the motion table: its heading and its cell for a motion and its counted votes.
type MotionColumn = (&'static str, Box<dyn Fn(&Motion, &[usize; 3]) -> String>);

/// The first [`MAX_MOTIONS_LISTED`] motions by name: document symbol, part, title, date, the
/// yes, no and abstain votes counted from the data and those the source states, the outcome;
/// a column no listed motion has a value for is left out (a Voteview file without its
/// roll-call table has none but the counts).
pub(crate) fn motions_table(out: &mut String, data: &Dataset) {
    let counts = counted(data);
    let listed = &data.motions[..data.motions.len().min(MAX_MOTIONS_LISTED)];
    let text = |value: Option<&str>| escape(value.unwrap_or("")).into_owned();
    let columns: [(bool, MotionColumn); 8] = [
        (
            true,
            (
                "motion",
                Box::new(|m, _| format!("<code>{}</code>", escape(&m.id))),
            ),
        ),
        (
            listed.iter().any(|m| m.document.is_some()),
            (
                "document",
                Box::new(move |m, _| format!("<code>{}</code>", text(m.document.as_deref()))),
            ),
        ),
        (
            listed.iter().any(|m| m.part.is_separate()),
            (
                "part",
                Box::new(|m, _| escape(&m.part.short_label()).into_owned()),
            ),
        ),
        (
            listed.iter().any(|m| m.title.is_some()),
            ("title", Box::new(|m, _| title_cell(m.title.as_deref()))),
        ),
        (
            listed.iter().any(|m| m.date.is_some()),
            ("date", Box::new(move |m, _| text(m.date.as_deref()))),
        ),
        (
            true,
            (
                "counted yes/no/abstain",
                Box::new(|_, c| format!("{}/{}/{}", c[0], c[1], c[2])),
            ),
        ),
        (
            listed.iter().any(|m| m.stated.is_some()),
            (
                "stated",
                Box::new(|m, _| m.stated.map(|t| t.to_string()).unwrap_or_default()),
            ),
        ),
        (
            listed.iter().any(|m| m.outcome.is_some()),
            ("outcome", Box::new(move |m, _| text(m.outcome.as_deref()))),
        ),
    ];
    let columns: Vec<&MotionColumn> = columns.iter().filter(|c| c.0).map(|c| &c.1).collect();
    out.push_str("<h3>Motions</h3>\n<p class=\"note\">Counted: the votes of the members analysed; stated: the tally the source gives, if any.</p>\n<table>\n<thead><tr>");
    for (heading, _) in &columns {
        let _ = write!(out, "<th>{heading}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (motion, count) in listed.iter().zip(&counts) {
        out.push_str("<tr>");
        for (heading, cell) in &columns {
            let class = match *heading {
                "title" => " class=\"title\"",
                "counted yes/no/abstain" | "stated" => " class=\"number\"",
                _ => "",
            };
            let _ = write!(out, "<td{class}>{}</td>", cell(motion, count));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if data.motions.len() > MAX_MOTIONS_LISTED {
        let _ = writeln!(
            out,
            "<p class=\"note\">… and {} more motions in <code>motions.csv</code>.</p>",
            data.motions.len() - MAX_MOTIONS_LISTED
        );
    }
}

/// A member's cell: its short name, the full name beside a code (a state) or as the tooltip
/// (a legislator, whose short name says enough).
fn member_cell(member: &Member) -> String {
    let short = member.short_name();
    if short == member.code {
        format!(
            "<code>{}</code> {}",
            escape(&member.code),
            escape(&member.name)
        )
    } else {
        format!(
            "<span title=\"{} — {}\">{}</span>",
            escape(&member.code),
            escape(&member.name),
            escape(&short)
        )
    }
}

/// The swing members, ranked, one line each: member, bloc, group and why (the first
/// [`MAX_SWING_LISTED`]).
pub(crate) fn swing_table(out: &mut String, analysis: &Analysis) {
    let data = &analysis.dataset;
    let summary = analysis.swing.summary(data);
    if summary.is_empty() {
        out.push_str("<p>No swing member: nobody split its votes, defected from its bloc, sat between blocs or moved between consensus runs.</p>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<p class=\"note\">{} member{}, ranked: they split their votes on a text voted in parts, vote against their bloc or caucus, sit between two blocs, or move between blocs across consensus runs. {}Every criterion and score in <code>swing.csv</code>.</p>",
        summary.len(),
        if summary.len() == 1 { "" } else { "s" },
        if summary.len() > MAX_SWING_LISTED {
            format!("The first {MAX_SWING_LISTED} here. ")
        } else {
            String::new()
        }
    );
    out.push_str("<table>\n<thead><tr><th>#</th><th>member</th><th>bloc</th><th>group</th><th>why</th></tr></thead>\n<tbody>\n");
    for (rank, swing) in summary.iter().enumerate().take(MAX_SWING_LISTED) {
        let member = &data.members[swing.member];
        let bloc = swing
            .bloc
            .map_or_else(|| "–".to_string(), |b| format!("{}{b}", swatch(b)));
        let reasons: Vec<String> = swing
            .reasons
            .iter()
            .map(|r| escape(r).into_owned())
            .collect();
        let _ = writeln!(
            out,
            "<tr><td class=\"number\">{}</td><td>{}</td><td>{bloc}</td><td>{}</td><td>{}</td></tr>",
            rank + 1,
            member_cell(member),
            escape(member.group.as_deref().unwrap_or("")),
            reasons.join("; ")
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if summary.len() > MAX_SWING_LISTED {
        let _ = writeln!(
            out,
            "<p class=\"note\">… and {} more in <code>swing.csv</code>.</p>",
            summary.len() - MAX_SWING_LISTED
        );
    }
}

/// The narrow votes: the motions the fewest switches would reverse (by the recorded votes,
/// under the body's rule), the narrowest first, each with its line in words
/// ([`NarrowVote::line`](crate::swing::NarrowVote::line)): the margin, how many on the winning
/// side could reverse it alone, and the few who decided it by crossing their group.
pub(crate) fn narrow_votes(out: &mut String, analysis: &Analysis) {
    let data = &analysis.dataset;
    let narrow = analysis.swing.narrow_votes(data);
    let mut ranked: Vec<_> = analysis
        .swing
        .pivots
        .iter()
        .zip(&narrow)
        .filter(|(p, _)| p.switches_needed.is_some())
        .collect();
    if ranked.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h3>Narrow votes</h3>\n<p class=\"note\">{} motion{} whose outcome (by the recorded votes, under the body's rule) a few switches would reverse, the narrowest first{}.</p>",
        ranked.len(),
        if ranked.len() == 1 { "" } else { "s" },
        if ranked.len() > MAX_MOTIONS_LISTED {
            format!("; the first {MAX_MOTIONS_LISTED} here")
        } else {
            String::new()
        }
    );
    ranked.sort_by_key(|(p, _)| (p.switches_needed, p.motion));
    ranked.truncate(MAX_MOTIONS_LISTED);
    let motions: Vec<Option<&Motion>> = ranked
        .iter()
        .map(|(p, _)| data.motions.get(p.motion))
        .collect();
    let dates = motions.iter().flatten().any(|m| m.date.is_some());
    let titles = motions.iter().flatten().any(|m| m.title.is_some());
    out.push_str("<table>\n<thead><tr><th>motion</th>");
    if dates {
        out.push_str("<th>date</th>");
    }
    if titles {
        out.push_str("<th>title</th>");
    }
    out.push_str("<th>yes/no/abstain</th><th>outcome</th><th>switches needed</th><th>the vote in words</th></tr></thead>\n<tbody>\n");
    for ((pivot, narrow), motion) in ranked.iter().zip(motions) {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td>",
            escape(motion.map_or("", |m| m.id.as_str()))
        );
        if dates {
            let date = motion.and_then(|m| m.date.as_deref()).unwrap_or("");
            let _ = write!(out, "<td>{}</td>", escape(date));
        }
        if titles {
            let title = title_cell(motion.and_then(|m| m.title.as_deref()));
            let _ = write!(out, "<td class=\"title\">{title}</td>");
        }
        let _ = writeln!(
            out,
            "<td class=\"number\">{}/{}/{}</td><td>{}</td><td class=\"number\">{}</td><td>{}</td></tr>",
            pivot.yes,
            pivot.no,
            pivot.abstain,
            if pivot.adopted { "adopted" } else { "rejected" },
            pivot
                .switches_needed
                .map(|s| s.to_string())
                .unwrap_or_default(),
            escape(&narrow.line),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_statement_is_left_out_of_a_title_and_kept_in_its_tooltip() {
        let whole = "Jerusalem : resolution / adopted by the General Assembly";
        assert_eq!(
            title_cell(Some(whole)),
            format!("<span title=\"{whole}\">Jerusalem</span>")
        );
        assert_eq!(
            without_catalogue_statement(
                "The Syrian Golan : resolution / adopted by the General Ass"
            ),
            "The Syrian Golan"
        );
        // A colon that introduces no catalogue statement stays.
        assert_eq!(
            without_catalogue_statement("Nuclear disarmament : a report"),
            "Nuclear disarmament : a report"
        );
    }

    #[test]
    fn long_titles_are_cut_with_the_whole_as_tooltip() {
        let long = "a".repeat(200);
        let cell = title_cell(Some(&long));
        assert!(cell.starts_with("<span title=\"aaaa"));
        assert!(cell.ends_with(&format!("{}…</span>", "a".repeat(TITLE_CHARS))));
        assert_eq!(title_cell(Some("<b>")), "&lt;b&gt;");
        assert_eq!(title_cell(None), "");
    }

    #[test]
    fn members_are_shown_by_short_name() {
        let mut collins = Member::new("49703", "COLLINS, Susan Margaret (ME)");
        collins.group = Some("Republican".into());
        assert_eq!(
            member_cell(&collins),
            "<span title=\"49703 — COLLINS, Susan Margaret (ME)\">Collins (R-ME)</span>"
        );
        assert_eq!(
            member_cell(&Member::new("USA", "United States")),
            "<code>USA</code> United States"
        );
    }
}
