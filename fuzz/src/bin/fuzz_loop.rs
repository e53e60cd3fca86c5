//! The fuzz targets without libFuzzer, on stable Rust: a seeded mutation loop over the seed
//! corpus (no coverage feedback), for machines without a nightly toolchain.
//!
//! ```text
//! cargo run --release --no-default-features --bin fuzz_loop -- TARGET [SECONDS] [SEED]
//! ```
//!
//! Reads the seed inputs from `corpus/TARGET/` (see `seed_corpus.sh`), mutates them (bit flips,
//! interesting bytes, deletions, duplications, truncations, splices of two inputs), runs the
//! target on each mutant, and writes every input that panics to `artifacts/TARGET/` (and one
//! that takes longer than 10 s, a hang). Exit code 1 when any was found.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

/// xorshift64*: a few lines instead of a dependency; the loop only needs a seeded stream.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INTERESTING: &[&[u8]] = &[
    b"\"",
    b",",
    b"\0",
    b"\r",
    b"\n",
    b"\r\n",
    b" ",
    b"\t",
    b"\xff",
    b"\xef\xbb\xbf",
    b"0",
    b"9",
    b"-1",
    b"+3",
    b"1.5",
    b"1e309",
    b"999999999999",
    b"18446744073709551616",
    b"NaN",
    b"yes",
    b"no",
    b"abstain",
    b"absent",
    b"a",
    b"n",
    b"In favour:",
    b"Against:",
    b"Abstaining:",
    b"adopted by 1 votes to 2, with 3 abstentions",
    b"stream",
    b"endobj",
    b"%%EOF",
];

fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 if !data.is_empty() => {
                let i = at.min(data.len() - 1);
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                data.splice(at..at, piece.iter().copied());
            }
            2 => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            3 => {
                let end = (at + 1 + rng.below(256)).min(data.len());
                let piece = data[at.min(end)..end].to_vec();
                data.splice(at..at, piece);
            }
            4 => data.truncate(at),
            5 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(512)).min(other.len());
                data.splice(at..at, other[from..end].iter().copied());
            }
            _ => {
                if let Some(i) = data.get(at).map(|_| at) {
                    data[i] = rng.next() as u8;
                }
            }
        }
    }
    data
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.first() else {
        let names: Vec<&str> = votebloc_fuzz::TARGETS.iter().map(|(n, _)| *n).collect();
        eprintln!(
            "usage: fuzz_loop TARGET [SECONDS] [SEED]; targets: {}",
            names.join(", ")
        );
        std::process::exit(2);
    };
    let Some(&(_, target)) = votebloc_fuzz::TARGETS.iter().find(|(n, _)| n == name) else {
        eprintln!("unknown target {name}");
        std::process::exit(2);
    };
    let seconds: u64 = args.get(1).map_or(60, |s| s.parse().expect("SECONDS"));
    let seed: u64 = args.get(2).map_or(17, |s| s.parse().expect("SEED"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut corpus: Vec<Vec<u8>> = std::fs::read_dir(root.join("corpus").join(name))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    corpus.sort();
    if corpus.is_empty() {
        eprintln!("no seed in corpus/{name}/: run seed_corpus.sh first");
        std::process::exit(2);
    }
    let artifacts = root.join("artifacts").join(name);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let (start, mut runs, mut found) = (Instant::now(), 0u64, 0u64);
    while start.elapsed() < Duration::from_secs(seconds) {
        let input = &corpus[rng.below(corpus.len())];
        let other = &corpus[rng.below(corpus.len())];
        let mutant = mutate(&mut rng, input, other);
        let began = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| target(&mutant)));
        let slow = began.elapsed() > Duration::from_secs(10);
        runs += 1;
        if outcome.is_err() || slow {
            found += 1;
            let kind = if slow { "slow" } else { "crash" };
            std::fs::create_dir_all(&artifacts).expect("artifacts folder");
            let path = artifacts.join(format!("{kind}-{seed}-{runs}"));
            std::fs::write(&path, &mutant).expect("artifact written");
            eprintln!("{kind}: {}", path.display());
        }
    }
    eprintln!("{name}: {runs} runs in {seconds} s, {found} crash(es) or hang(s)");
    std::process::exit(i32::from(found > 0));
}
