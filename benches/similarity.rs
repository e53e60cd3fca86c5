//! Benchmarks of the vote matrix and of the pairwise similarity kernel.
//!
//! `cargo bench --bench similarity` runs everything; a filter narrows it, e.g.
//! `cargo bench --bench similarity -- 'similarity/agreement'`. The data are seeded random votes
//! (yes 55 %, no 15 %, abstain 15 %, absent 12 %, not a member 3 %): the kernel's cost does not
//! depend on the votes, only on the sizes.

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::hint::black_box;
use std::time::Duration;
use votebloc::Choice;
use votebloc::matrix::{self, VoteMatrix};
use votebloc::similarity::{Index, SimilarityParams, compute};
use votebloc::{Dataset, DatasetBuilder, Member, Motion, Vote};

const SEED: u64 = 20_240_611;
const SIZES: [(usize, usize); 6] = [
    (200, 1500),
    (200, 5000),
    (1000, 1500),
    (1000, 5000),
    (2000, 1500),
    (2000, 5000),
];

fn random_vote(rng: &mut Xoshiro256PlusPlus) -> Vote {
    match rng.gen_range(0u32..100) {
        0..55 => Vote::Yes,
        55..70 => Vote::No,
        70..85 => Vote::Abstain,
        85..97 => Vote::Absent,
        _ => Vote::NotMember,
    }
}

fn random_codes(members: usize, motions: usize) -> Array2<u8> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    Array2::from_shape_simple_fn((members, motions), || {
        matrix::code_of(random_vote(&mut rng))
    })
}

fn random_matrix(members: usize, motions: usize) -> VoteMatrix {
    let member_codes = (0..members).map(|i| format!("M{i:05}")).collect();
    let motion_ids = (0..motions).map(|k| k.to_string()).collect();
    match VoteMatrix::from_codes(member_codes, motion_ids, random_codes(members, motions)) {
        Ok(m) => m,
        Err(e) => panic!("bench data: {e}"),
    }
}

fn random_dataset(members: usize, motions: usize) -> Dataset {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let mut builder = DatasetBuilder::new("bench");
    let member_ids: Vec<u32> = (0..members)
        .map(|i| builder.member(Member::new(format!("M{i:05}"), format!("Member {i}"))))
        .collect();
    for k in 0..motions {
        let motion = builder.motion(Motion::new(k.to_string()));
        for &member in &member_ids {
            let vote = random_vote(&mut rng);
            // Absences are usually implicit in the sources: leave them out.
            if vote != Vote::Absent
                && let Err(e) = builder.push(motion, member, vote, None, 0)
            {
                panic!("bench data: {e}");
            }
        }
    }
    match builder.finish() {
        Ok(d) => d,
        Err(e) => panic!("bench data: {e}"),
    }
}

fn bench_compute(c: &mut Criterion) {
    for &index in Index::ALL {
        let mut group = c.benchmark_group(format!("similarity/{index}"));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        for (members, motions) in SIZES {
            let m = random_matrix(members, motions);
            let params = SimilarityParams::new().with_index(index);
            // Throughput in member pairs (upper triangle with the diagonal).
            group.throughput(Throughput::Elements((members * (members + 1) / 2) as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(format!("{members}x{motions}")),
                &m,
                |b, m| b.iter(|| compute(black_box(m), &params)),
            );
        }
        group.finish();
    }
}

fn bench_large(c: &mut Criterion) {
    let mut group = c.benchmark_group("similarity-large/agreement");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    let (members, motions) = (2000, 20000);
    let m = random_matrix(members, motions);
    let params = SimilarityParams::new();
    group.bench_with_input(
        BenchmarkId::from_parameter(format!("{members}x{motions}")),
        &m,
        |b, m| b.iter(|| compute(black_box(m), &params)),
    );
    group.finish();
}

fn bench_matrix(c: &mut Criterion) {
    let mut group = c.benchmark_group("matrix");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    for (members, motions) in [(200, 1500), (1000, 5000)] {
        let data = random_dataset(members, motions);
        group.throughput(Throughput::Elements(data.votes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("from_dataset", format!("{members}x{motions}")),
            &data,
            |b, data| b.iter(|| VoteMatrix::from_dataset(black_box(data))),
        );
        let codes = random_codes(members, motions);
        let member_codes: Vec<String> = (0..members).map(|i| format!("M{i:05}")).collect();
        let motion_ids: Vec<String> = (0..motions).map(|k| k.to_string()).collect();
        group.throughput(Throughput::Elements((members * motions) as u64));
        group.bench_with_input(
            BenchmarkId::new("from_codes", format!("{members}x{motions}")),
            &codes,
            |b, codes| {
                b.iter_batched(
                    || (member_codes.clone(), motion_ids.clone(), codes.clone()),
                    |(member_codes, motion_ids, codes)| {
                        VoteMatrix::from_codes(member_codes, motion_ids, codes)
                    },
                    BatchSize::LargeInput,
                )
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_matrix, bench_compute, bench_large);
criterion_main!(benches);
