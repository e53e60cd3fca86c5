//! The ideal-point EM on seeded votes drawn from the model itself (ordinal and binary, one and
//! two dimensions, several sizes), without the bootstrap: one fit each.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use votebloc::Choice;
use votebloc::ideal::planted::{PlantedIrt, planted_irt};
use votebloc::ideal::{self, IdealModel, IdealParams, ParamGuard};

fn bench_ideal(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("ideal_em");
    group.sample_size(10);
    for (members, motions, dims, model) in [
        (100, 300, 1, IdealModel::Ordinal),
        (300, 1_000, 1, IdealModel::Ordinal),
        (300, 1_000, 1, IdealModel::Binary),
        (300, 1_000, 2, IdealModel::Ordinal),
        (1_000, 3_000, 1, IdealModel::Ordinal),
    ] {
        let planted = planted_irt(&PlantedIrt {
            members,
            motions,
            dims,
            model,
            ..PlantedIrt::default()
        });
        let params = IdealParams::new()
            .model(model)
            .dims(dims)
            .bootstrap(0)
            .check()
            .expect("valid parameters");
        let name = format!("{}_{dims}d/{members}x{motions}", model.name());
        group.bench_with_input(
            BenchmarkId::from_parameter(name),
            &planted.dataset,
            |bencher, data| bencher.iter(|| ideal::fit(black_box(data), &params).expect("a fit")),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_ideal);
criterion_main!(benches);
