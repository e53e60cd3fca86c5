//! Writes a planted-bloc data set (`votebloc::synthetic::planted`) as a long CSV
//! `motion,member,vote`, and the true blocs as `member,bloc`, for the side-by-side comparison
//! with the Python and R peers (`benches/compare/`).
//!
//! ```text
//! cargo run --release --example write_planted -- \
//!     --members 1000 --motions 1500 --blocs 8 --seed 7 \
//!     --votes planted.csv --truth planted_truth.csv
//! ```
//!
//! Absences are left out of the CSV, as most sources leave them out: an absent member and a
//! missing row mean the same to every similarity index. Blocs in the truth file are numbered
//! from 1. Same parameters → byte-identical files.

use clap::Parser;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use votebloc::Vote;
use votebloc::synthetic::{PlantedParams, planted};

/// Planted blocs as a long CSV plus the truth.
#[derive(Debug, Parser)]
struct Args {
    /// Members (rows of the vote matrix).
    #[arg(long, default_value_t = 1000)]
    members: usize,
    /// Motions (roll calls).
    #[arg(long, default_value_t = 1500)]
    motions: usize,
    /// Planted blocs.
    #[arg(long, default_value_t = 8)]
    blocs: usize,
    /// Probability that a member casts its bloc's position (see `PlantedParams::loyalty`).
    #[arg(long, default_value_t = PlantedParams::default().loyalty)]
    loyalty: f64,
    /// Seed of the generator.
    #[arg(long, default_value_t = PlantedParams::default().seed)]
    seed: u64,
    /// Output long CSV of the votes.
    #[arg(long)]
    votes: PathBuf,
    /// Output CSV of the true blocs (`member,bloc`).
    #[arg(long)]
    truth: PathBuf,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let params = PlantedParams::default()
        .n_members(args.members)
        .n_motions(args.motions)
        .n_blocs(args.blocs)
        .loyalty(args.loyalty)
        .seed(args.seed);
    let planted = planted(&params)?;
    let data = &planted.dataset;

    let mut out = BufWriter::with_capacity(1 << 20, File::create(&args.votes)?);
    out.write_all(b"motion,member,vote\n")?;
    let mut written = 0usize;
    for record in &data.votes {
        if matches!(record.vote, Vote::Absent | Vote::NotMember) {
            continue;
        }
        let motion = &data.motions[record.motion as usize].id;
        let member = &data.members[record.member as usize].code;
        writeln!(out, "{motion},{member},{}", record.vote.as_str())?;
        written += 1;
    }
    out.flush()?;

    let mut truth = BufWriter::new(File::create(&args.truth)?);
    truth.write_all(b"member,bloc\n")?;
    for (member, bloc) in data.members.iter().zip(&planted.truth) {
        writeln!(truth, "{},{}", member.code, bloc + 1)?;
    }
    truth.flush()?;
    eprintln!(
        "{} members × {} motions, {} blocs: {written} votes → {}, truth → {}",
        data.members.len(),
        data.motions.len(),
        args.blocs,
        args.votes.display(),
        args.truth.display()
    );
    Ok(())
}
