//! The worked examples of `DESIGN.md`, "How to add …": each extension point used the way a
//! new input format, index, method, output or stage uses it, on toy data, with real
//! outcomes checked. If one of these stops compiling, the steps of `DESIGN.md` are out of
//! date.

use ndarray::Array2;
use std::io::Write;
use std::path::Path;
use votebloc::analysis::{AnalysisParams, run};
use votebloc::cluster::consensus::{ConsensusParams, consensus};
use votebloc::cluster::csr::CsrGraph;
use votebloc::graph::{Construction, GraphParams};
use votebloc::ingest::{self, Head, IngestError, IngestOptions, Reader, read_input_with};
use votebloc::similarity::{Index, Similarity};
use votebloc::stage::{Stage, StageInput};
use votebloc::{Dataset, DatasetBuilder, Member, Motion, ParamGuard, Vote};

/// Step 1 of "How to add an input format": one file, one unit struct implementing
/// [`Reader`]. The toy format: a `#votes` line, then `motion member y|n|a` lines.
struct Toy;

impl Reader for Toy {
    fn name(&self) -> &'static str {
        "toy"
    }

    fn detect(&self, head: &Head<'_>) -> bool {
        head.first_line().trim_end() == "#votes"
    }

    fn read(&self, path: &Path, _: &IngestOptions) -> Result<Dataset, IngestError> {
        let text = ingest::source::read_text(path)?;
        let mut builder = DatasetBuilder::new(path);
        for (i, line) in text.lines().enumerate().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (motion, member, vote) = match fields[..] {
                [motion, member, vote] => (motion, member, vote),
                _ => {
                    return Err(IngestError::Parse {
                        path: path.to_path_buf(),
                        line: i + 1,
                        column: 1,
                        expected: "motion member vote".to_string(),
                        found: line.to_string(),
                    });
                }
            };
            let vote = match vote {
                "y" => Vote::Yes,
                "n" => Vote::No,
                "a" => Vote::Abstain,
                other => {
                    return Err(IngestError::Parse {
                        path: path.to_path_buf(),
                        line: i + 1,
                        column: line.find(other).unwrap_or(0) + 1,
                        expected: "y, n or a".to_string(),
                        found: other.to_string(),
                    });
                }
            };
            let motion = match builder.motion_id_index(motion) {
                Some(index) => index,
                None => builder.motion(Motion::new(motion)),
            };
            let member = builder.member(Member::new(member, member));
            builder.push(motion, member, vote, None, i as u32 + 1)?;
        }
        Ok(builder.finish()?)
    }
}

/// Two blocs of three: A, B, C vote yes where D, E, F vote no, on four motions.
fn toy_text() -> String {
    let mut text = String::from("#votes\n");
    for motion in ["m1", "m2", "m3", "m4"] {
        for (member, vote) in [("A", "y"), ("B", "y"), ("C", "y")] {
            text.push_str(&format!("{motion} {member} {vote}\n"));
        }
        for member in ["D", "E", "F"] {
            text.push_str(&format!("{motion} {member} n\n"));
        }
    }
    text
}

#[test]
fn a_toy_input_format_is_detected_read_and_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("votes.toy");
    std::fs::write(&path, toy_text()).unwrap();
    // Step 2: the reader in the list detection goes through (the built-in ones after it).
    let readers: Vec<&dyn Reader> = std::iter::once(&Toy as &dyn Reader)
        .chain(ingest::READERS.iter().copied())
        .collect();
    let data = read_input_with(&readers, &path, &IngestOptions::default()).unwrap();
    assert_eq!(data.motions.len(), 4);
    assert_eq!(data.members.len(), 6);
    assert_eq!(data.sources, vec![path.clone()]);
    // Without the reader in the list, the built-in detection refuses the file.
    assert!(ingest::read_input(&path, &IngestOptions::default()).is_err());
    // The dataset goes through the pipeline like any other.
    let analysis = run(data, &AnalysisParams::default()).unwrap();
    assert_eq!(analysis.blocs, vec![1, 1, 1, 2, 2, 2]);
    // A bad line is an error with its line, never a panic.
    std::fs::write(&path, "#votes\nm1 A y\nm1 B maybe\n").unwrap();
    let error = read_input_with(&readers, &path, &IngestOptions::default()).unwrap_err();
    assert!(error.to_string().contains(":3:"), "{error}");
}

#[test]
fn a_toy_index_feeds_the_graph_and_the_blocs() {
    // "How to add an index": an index is a table of pair values on the index's range; here
    // the toy index is 1 for members of the same half and 0 otherwise, built directly
    // (a new Index variant computes its table in similarity.rs, checked against a plain
    // reference implementation like this one).
    let n = 6;
    let values = Array2::from_shape_fn((n, n), |(i, j)| if i / 3 == j / 3 { 1.0 } else { 0.0 });
    let common = Array2::from_elem((n, n), 4u32);
    let similarity = Similarity::from_parts(Index::Agreement, 1, values, common).unwrap();
    let params = GraphParams::new().with_construction(Construction::Threshold(0.5));
    let graph = votebloc::graph::build(&similarity, &params).unwrap();
    assert_eq!(graph.edge_count(), 6);
    let csr = CsrGraph::from_petgraph(&graph).unwrap();
    let checked = ConsensusParams::default().n_runs(5).check().unwrap();
    let blocs = consensus(&csr, &checked).unwrap();
    assert_eq!(blocs.partition.membership, vec![0, 0, 0, 1, 1, 1]);
}

/// "How to add a stage": the members' share of yes votes.
struct YesShare;

#[derive(Debug, PartialEq)]
struct YesShares(Vec<f64>);

impl Stage for YesShare {
    type Output = YesShares;
    type Error = std::convert::Infallible;

    fn name(&self) -> &'static str {
        "yes-share"
    }

    fn run(&self, input: &StageInput<'_>) -> Result<YesShares, Self::Error> {
        let data = input.dataset;
        let mut yes = vec![0usize; data.members.len()];
        for vote in &data.votes {
            yes[vote.member as usize] += usize::from(vote.vote == Vote::Yes);
        }
        Ok(YesShares(
            yes.iter()
                .map(|&y| y as f64 / data.motions.len() as f64)
                .collect(),
        ))
    }
}

/// "How to add an output": one function writing one file from what it reads of the
/// analysis (here the stage's result), called through `export::write_with` for an atomic
/// write.
fn write_yes_shares(
    analysis: &votebloc::analysis::Analysis,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(out, "member,yes_share")?;
    if let Some(shares) = analysis.stage::<YesShares>() {
        for (member, share) in analysis.dataset.members.iter().zip(&shares.0) {
            let share = votebloc::format::format_float(Some(*share));
            writeln!(out, "{},{share}", member.code)?;
        }
    }
    Ok(())
}

#[test]
fn a_toy_stage_joins_the_analysis_and_an_output_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("votes.toy");
    std::fs::write(&path, toy_text()).unwrap();
    let data = Toy.read(&path, &IngestOptions::default()).unwrap();
    let mut analysis = run(data, &AnalysisParams::default()).unwrap();
    analysis.run_stage(&YesShare).unwrap();
    assert_eq!(analysis.stages.names().collect::<Vec<_>>(), ["yes-share"]);
    let out = dir.path().join("yes.csv");
    votebloc::export::write_with(&out, |o| write_yes_shares(&analysis, o)).unwrap();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "member,yes_share\nA,1\nB,1\nC,1\nD,0\nE,0\nF,0\n"
    );
}

#[test]
fn a_method_is_one_value_of_the_method_enum() {
    // "How to add a method": a value of cluster::Method, run by analysis::analyse.
    use votebloc::Choice;
    use votebloc::cluster::Method;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("votes.toy");
    std::fs::write(&path, toy_text()).unwrap();
    let data = Toy.read(&path, &IngestOptions::default()).unwrap();
    for method in Method::ALL {
        let params = AnalysisParams {
            method: *method,
            k: method.is_embedding().then_some(2),
            ..AnalysisParams::default()
        };
        let analysis = run(data.clone(), &params).unwrap();
        assert_eq!(analysis.blocs, vec![1, 1, 1, 2, 2, 2], "{method}");
        assert!(!analysis.quality.objective.is_empty());
    }
}
