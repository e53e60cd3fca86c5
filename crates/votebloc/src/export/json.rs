//! `summary.json`: parameters, inputs (with digests), dataset counts, quality scores, blocs and
//! swing members — everything needed to cite or reproduce a run. Pretty-printed, final newline,
//! no timestamps, so the same run gives the same bytes.

use crate::Choice;
use crate::analysis::Analysis;
use crate::format::json_number as number;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::{self, Write};

/// The files of `votebloc analyze -o` that need the dense similarity table, with why; an
/// analysis without it ([`Analysis::is_dense`]) leaves them out, and its summary lists them
/// under `dense_table.skipped`.
pub const DENSE_OUTPUTS: [(&str, &str); 4] = [
    (
        "similarity.csv",
        "one row per pair of members: n(n − 1)/2 rows",
    ),
    ("heatmap.svg", "its cells average blocks of the n × n table"),
    (
        "network.svg",
        "its force layout costs O(n²) per iteration (graph.gexf and graph.dot carry no layout)",
    ),
    ("map.svg", "classical MDS needs every distance at once"),
];

/// What an analysis without the dense similarity table computed otherwise (`dense_table.notes`
/// of the summary).
const ROW_NOTES: [&str; 4] = [
    "the k-nearest-neighbour graph was built one row of similarities at a time: the same graph \
     as from the table",
    "the silhouette and the swing bridges were computed from rows, one at a time: the same \
     values as from the table, but for the mean similarity that stands in for undefined pairs \
     in the silhouette, summed by rows",
    "the consensus merged the members every run placed alike before finding the median \
     partition: the same objective as with the co-assignment matrix",
    "the report shows no heatmap, network or map",
];

/// An input file and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputDigest {
    pub path: String,
    pub sha256: String,
}

/// Builds the summary document without the parameters as given (see [`summary_with`]).
pub fn summary(analysis: &Analysis, inputs: &[InputDigest]) -> Value {
    summary_with(analysis, inputs, &Value::Null)
}

/// Builds the summary document: the version, the inputs with their digests, the parameters
/// (resolved, and as `given` when not null: what the user passed), the dataset with every
/// member and motion left out and why, the quality, the blocs (by number, member codes in
/// code order), the swing members (ranked as
/// [`SwingReport::summary`](crate::swing::SwingReport::summary) ranks them), the narrow votes,
/// and what an analysis without the dense table computed otherwise.
pub fn summary_with(analysis: &Analysis, inputs: &[InputDigest], given: &Value) -> Value {
    let mut summary = json!({
        "votebloc_version": env!("CARGO_PKG_VERSION"),
        "inputs": inputs,
        "parameters": parameters(analysis, given),
        "dataset": dataset(analysis),
        "quality": {
            "objective": analysis.quality.objective,
            "objective_value": number(analysis.quality.objective_value),
            "modularity": number(analysis.quality.modularity),
            "silhouette": number(analysis.quality.silhouette),
            "group_ari": number(analysis.quality.group_ari),
            "separation": separation(analysis),
            "bloc_groups": bloc_groups(analysis),
        },
        "blocs": blocs(analysis),
        "swing": swing(analysis),
        "pivots": pivots(analysis),
    });
    if let Some(scan) = analysis.stage::<crate::cluster::scan::ScanResult>() {
        summary["resolution_scan"] = resolution_scan(scan);
    }
    // Only when the stage ran, so that the summaries of runs without it keep their bytes.
    if let Some(ideal) = analysis.stage::<crate::ideal::IdealStageResult>() {
        summary["ideal"] = super::ideal_stage::summary(ideal, &analysis.dataset);
    }
    // Only without the table, so that the summaries of dense analyses keep their bytes.
    if !analysis.is_dense() {
        summary["dense_table"] = dense_table(analysis);
    }
    summary
}

/// `parameters`: every parameter as resolved, the filter as applied, and `given`.
fn parameters(analysis: &Analysis, given: &Value) -> Value {
    let data = &analysis.dataset;
    let params = &analysis.params;
    let filter: serde_json::Map<String, Value> = data
        .stats
        .filter
        .iter()
        .map(|(option, value)| (option.clone(), json!(value)))
        .collect();
    let mut parameters = json!({
        "index": params.similarity.index.name(),
        "min_common_votes": params.similarity.min_common_votes,
        "graph": params.graph.construction.to_string(),
        "method": params.method.name(),
        "objective": analysis.quality.objective,
        "resolution": params.resolution,
        "seed": params.seed,
        "restarts": params.n_restarts,
        "consensus_runs": params.consensus_runs,
        "k": params.k,
        "min_votes": analysis.min_votes,
        "min_votes_rule": match params.min_votes {
            Some(_) => "as given".to_string(),
            None => format!(
                "default: a tenth of the {} motions, between 1 and {}",
                data.motions.len(),
                crate::analysis::MIN_VOTES_CAP
            ),
        },
        "filter": filter,
        "swing": swing_parameters(analysis),
    });
    if !given.is_null() {
        parameters["given"] = given.clone();
    }
    parameters
}

/// `parameters.swing`: the thresholds of the swing criteria and what defection is measured
/// against.
fn swing_parameters(analysis: &Analysis) -> Value {
    let swing = &analysis.params.swing;
    let defection = match &analysis.swing.caucuses {
        Some(c) => json!({
            "against": "caucus majority on party-unity votes",
            "caucuses": c.names,
            "party_unity_votes": c.unity_votes.len(),
        }),
        None => json!({"against": "bloc's most common cast vote, every motion"}),
    };
    json!({
        "outlier_mads": swing.outlier_mads,
        "defection_min_rate": swing.defection_threshold,
        "defection_median_factor": swing.defection_median_factor,
        "defection": defection,
        "bridge_gap": swing.bridge_gap,
        "bridge_min_motions": swing.bridge_min_motions,
        "bridge_judged": analysis.dataset.motions.len() >= swing.bridge_min_motions,
        "stability_threshold": swing.stability_threshold,
        "pivot_max_switches": swing.pivot_max_switches,
    })
}

/// `dataset`: the counts, and every member and motion left out with the reason.
fn dataset(analysis: &Analysis) -> Value {
    let data = &analysis.dataset;
    let counts = data.vote_counts();
    let absent = if analysis.absences_recorded {
        json!(counts[3])
    } else {
        json!("not recorded by this source")
    };
    json!({
        "motions": data.motions.len(),
        "members_analysed": data.members.len(),
        "members_left_out": members_left_out(analysis),
        "not_members": analysis
            .not_members
            .iter()
            .map(|m| json!({
                "member": m.code,
                "name": m.name,
                "reason": "not a member of the body on the motions analysed",
            }))
            .collect::<Vec<_>>(),
        "motions_left_out": motions_left_out(analysis),
        "outcomes_contradicted": outcomes_contradicted(analysis),
        "votes": {
            "yes": counts[0], "no": counts[1], "abstain": counts[2],
            "absent": absent, "not_member": counts[4],
        },
        "rows_read": data.stats.rows,
        "duplicates": data.stats.duplicates,
        "skipped": data
            .stats
            .skipped
            .iter()
            .map(|(r, n)| json!({"reason": r, "rows": n}))
            .collect::<Vec<_>>(),
        "warnings": data.stats.warnings,
        "notes": data.notes.len(),
    })
}

/// `dataset.members_left_out`: each member with too few cast votes, with its count.
fn members_left_out(analysis: &Analysis) -> Vec<Value> {
    analysis
        .left_out
        .iter()
        .zip(&analysis.left_out_casts)
        .map(|(m, casts)| {
            json!({
                "member": m.code, "name": m.name, "cast_votes": casts,
                "reason": format!("fewer than {} cast votes", analysis.min_votes),
            })
        })
        .collect()
}

/// `dataset.motions_left_out`: per reason of the filter, the number of motions and, for the
/// motions judged on their votes or their missing date, their ids (see
/// [`Filter::lists_ids`](crate::model::Filter::lists_ids)).
fn motions_left_out(analysis: &Analysis) -> Vec<Value> {
    analysis
        .dataset
        .stats
        .motions_left_out
        .iter()
        .map(|(reason, ids)| {
            let mut entry = json!({"reason": reason, "motions": ids.len()});
            if crate::model::Filter::lists_ids(reason) {
                entry["ids"] = json!(ids);
            }
            entry
        })
        .collect()
}

/// `dataset.outcomes_contradicted`: the motions whose stated outcome the counted votes
/// contradict under the rule the data name ([`decide`](crate::swing::decide)): a rule the
/// data do not name applied (or the source lists other votes than it counted).
fn outcomes_contradicted(analysis: &Analysis) -> Vec<Value> {
    let data = &analysis.dataset;
    data.votes_by_motion()
        .filter_map(|(index, on)| {
            let motion = &data.motions[index];
            let stated = motion.outcome.as_deref()?;
            let counted = crate::swing::decide(motion, on, &analysis.params.swing);
            let decision = counted.decision?;
            let contradicts = crate::swing::stated_adoption(stated)? != decision.adopted()?;
            contradicts.then(|| {
                json!({
                    "motion": motion.id,
                    "stated": stated,
                    "majority": counted.majority.as_str(),
                    "yes": counted.yes, "no": counted.no,
                    "counted_outcome": decision.as_str(),
                })
            })
        })
        .collect()
}

/// `blocs`: per bloc its size, mean stability, cohesion and member codes.
fn blocs(analysis: &Analysis) -> Vec<Value> {
    let data = &analysis.dataset;
    (1..=analysis.bloc_sizes.len() as u32)
        .map(|bloc| {
            let members = analysis.bloc_members(bloc);
            let cohesion = analysis.bloc_cohesion(bloc);
            json!({
                "bloc": bloc,
                "size": members.len(),
                "mean_stability": number(analysis.mean_stability(bloc)),
                "rice": number(cohesion.and_then(|c| c.rice)),
                "agreement_index": number(cohesion.and_then(|c| c.agreement_index)),
                "members": members
                    .iter()
                    .map(|&i| data.members[i].code.clone())
                    .collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// `swing`: the swing members, ranked, with their kinds and reasons.
fn swing(analysis: &Analysis) -> Vec<Value> {
    let data = &analysis.dataset;
    analysis
        .swing
        .summary(data)
        .iter()
        .enumerate()
        .map(|(rank, s)| {
            json!({
                "member": data.members[s.member].code,
                "name": data.members[s.member].name,
                "bloc": s.bloc,
                "kinds": s.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                "rank": rank + 1,
                "reasons": s.reasons,
            })
        })
        .collect()
}

/// `pivots`: the narrow motions, their counts and outcome under their rule, and the compact
/// line of [`SwingReport::narrow_votes`](crate::swing::SwingReport::narrow_votes).
fn pivots(analysis: &Analysis) -> Vec<Value> {
    let data = &analysis.dataset;
    let narrow = analysis.swing.narrow_votes(data);
    analysis
        .swing
        .pivots
        .iter()
        .zip(&narrow)
        .map(|(p, n)| {
            json!({
                "motion": data.motions[p.motion].id,
                "majority": p.majority.as_str(),
                "yes": p.yes, "no": p.no, "abstain": p.abstain,
                "adopted": p.adopted,
                "tie_break": p.tie_break,
                "switches_needed": p.switches_needed,
                "could_switch": n.could_switch,
                "decided_by": n
                    .named
                    .iter()
                    .map(|&i| data.members[i].code.clone())
                    .collect::<Vec<_>>(),
                "line": n.line,
            })
        })
        .collect()
}

/// `dense_table`: what an analysis without the n × n table left out and did otherwise.
fn dense_table(analysis: &Analysis) -> Value {
    json!({
        "built": false,
        "members": analysis.dataset.members.len(),
        "dense_max": analysis.params.dense_max,
        "skipped": DENSE_OUTPUTS
            .iter()
            .map(|(file, reason)| json!({"file": file, "reason": reason}))
            .collect::<Vec<_>>(),
        "notes": ROW_NOTES,
    })
}

/// The separation of each pair of blocs (`quality.separation`).
fn separation(analysis: &Analysis) -> Vec<Value> {
    analysis
        .quality
        .separation
        .iter()
        .map(|p| {
            json!({
                "blocs": p.blocs,
                "sizes": p.sizes,
                "within": [number(p.within[0]), number(p.within[1])],
                "between": number(p.between),
                "silhouette": number(Some(p.silhouette)),
                "closer_to_other": p.closer_to_other,
                "verdict": p.verdict.name(),
            })
        })
        .collect()
}

/// The resolution scan (`resolution_scan`, when it was run): each step's γ, blocs and their
/// sizes, mean stability, least pair silhouette and agreement with the next step; the
/// plateaus; the recommended one.
fn resolution_scan(scan: &crate::cluster::scan::ScanResult) -> Value {
    let steps: Vec<Value> = scan
        .steps
        .iter()
        .map(|s| {
            json!({
                "resolution": number(Some(s.resolution)),
                "blocs": s.sizes.len(),
                "sizes": s.sizes,
                "stability": number(Some(s.stability)),
                "least_separation": number(s.least_separation),
                "next_ari": number(s.next_ari),
            })
        })
        .collect();
    let plateau = |p: &crate::cluster::scan::Plateau| {
        json!({
            "blocs": p.blocs,
            "from": number(Some(scan.steps[p.first].resolution)),
            "to": number(Some(scan.steps[p.last].resolution)),
            "steps": p.steps(),
        })
    };
    json!({
        "method": "most persistent partition over the resolution (Arenas, Fernández & Gómez 2008)",
        "steps": steps,
        "plateaus": scan.plateaus.iter().map(plateau).collect::<Vec<_>>(),
        "recommended": scan.chosen.map(|c| plateau(&scan.plateaus[c])),
        "analysed_step": scan.analysed,
    })
}

/// The blocs × groups table (`quality.bloc_groups`): the groups, largest first, and per bloc
/// its members in each group and without one.
fn bloc_groups(analysis: &Analysis) -> Value {
    let table = crate::groups::bloc_group_table(&analysis.dataset.members, &analysis.blocs);
    let blocs: Vec<Value> = table
        .counts
        .iter()
        .zip(&table.ungrouped)
        .enumerate()
        .map(|(b, (counts, none))| json!({"bloc": b + 1, "counts": counts, "no_group": none}))
        .collect();
    json!({"groups": table.groups, "blocs": blocs})
}

/// Writes [`summary`] pretty-printed with a final newline.
pub fn write_summary(
    analysis: &Analysis,
    inputs: &[InputDigest],
    out: &mut impl Write,
) -> io::Result<()> {
    write_summary_with(analysis, inputs, &Value::Null, out)
}

/// Writes [`summary_with`] pretty-printed with a final newline.
pub fn write_summary_with(
    analysis: &Analysis,
    inputs: &[InputDigest],
    given: &Value,
    out: &mut impl Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &summary_with(analysis, inputs, given))?;
    out.write_all(b"\n")
}
