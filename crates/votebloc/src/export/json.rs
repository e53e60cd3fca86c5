//! `summary.json`: parameters, inputs (with digests), dataset counts, quality scores, blocs and
//! swing members — everything needed to cite or reproduce a run. Pretty-printed, final newline,
//! no timestamps, so the same run gives the same bytes.

use crate::Choice;
use crate::analysis::Analysis;
use crate::format::format_float;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::{self, Write};

/// An input file and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputDigest {
    pub path: String,
    pub sha256: String,
}

fn number(value: Option<f64>) -> Value {
    match value {
        // Same rounding as the CSV files, so both report the same figures.
        Some(v) if v.is_finite() => format_float(Some(v))
            .parse::<f64>()
            .map_or(Value::Null, |x| json!(x)),
        _ => Value::Null,
    }
}

/// Builds the summary document. Blocs are listed by number with their members (codes, in code
/// order); swing members in member order.
pub fn summary(analysis: &Analysis, inputs: &[InputDigest]) -> Value {
    let data = &analysis.dataset;
    let params = &analysis.params;
    let counts = data.vote_counts();
    let blocs: Vec<Value> = (1..=analysis.bloc_sizes.len() as u32)
        .map(|bloc| {
            let members = analysis.bloc_members(bloc);
            let mean_stability = analysis.mean_stability(bloc);
            let cohesion = analysis.bloc_cohesion(bloc);
            json!({
                "bloc": bloc,
                "size": members.len(),
                "mean_stability": number(mean_stability),
                "rice": number(cohesion.and_then(|c| c.rice)),
                "agreement_index": number(cohesion.and_then(|c| c.agreement_index)),
                "members": members.iter().map(|&i| data.members[i].code.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let swing: Vec<Value> = analysis
        .swing
        .summary(data)
        .iter()
        .map(|s| {
            json!({
                "member": data.members[s.member].code,
                "name": data.members[s.member].name,
                "bloc": s.bloc,
                "kinds": s.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                "reasons": s.reasons,
            })
        })
        .collect();
    let pivots: Vec<Value> = analysis
        .swing
        .pivots
        .iter()
        .map(|p| {
            json!({
                "motion": data.motions[p.motion].id,
                "majority": p.majority.as_str(),
                "yes": p.yes, "no": p.no, "abstain": p.abstain,
                "adopted": p.adopted,
                "switches_needed": p.switches_needed,
            })
        })
        .collect();
    json!({
        "votebloc_version": env!("CARGO_PKG_VERSION"),
        "inputs": inputs,
        "parameters": {
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
            "min_votes": params.min_votes,
        },
        "dataset": {
            "motions": data.motions.len(),
            "members_analysed": data.members.len(),
            "members_left_out": analysis.left_out.iter().map(|m| m.code.clone()).collect::<Vec<_>>(),
            "votes": {
                "yes": counts[0], "no": counts[1], "abstain": counts[2],
                "absent": counts[3], "not_member": counts[4],
            },
            "rows_read": data.stats.rows,
            "duplicates": data.stats.duplicates,
            "skipped": data.stats.skipped.iter().map(|(r, n)| json!({"reason": r, "rows": n})).collect::<Vec<_>>(),
            "warnings": data.stats.warnings,
            "notes": data.notes.len(),
        },
        "quality": {
            "objective": analysis.quality.objective,
            "objective_value": number(analysis.quality.objective_value),
            "modularity": number(analysis.quality.modularity),
            "silhouette": number(analysis.quality.silhouette),
            "group_ari": number(analysis.quality.group_ari),
        },
        "blocs": blocs,
        "swing": swing,
        "pivots": pivots,
    })
}

/// Writes [`summary`] pretty-printed with a final newline.
pub fn write_summary(
    analysis: &Analysis,
    inputs: &[InputDigest],
    out: &mut impl Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &summary(analysis, inputs))?;
    out.write_all(b"\n")
}
