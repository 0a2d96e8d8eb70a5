//! Parsing time against input length, for ordinary and pathological comments: each input at
//! 10,000 and 100,000 bytes, so linear time shows as a ratio of about 10 (`cargo xtask bench`
//! prints the ratios).
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// Makes an input of about the given length in bytes.
type MakeInput = fn(usize) -> String;

/// Inputs by name.
const INPUTS: &[(&str, MakeInput)] = &[
    ("nested-quote-markers", |n| ">".repeat(n)),
    ("asterisks", |n| "*".repeat(n)),
    ("unclosed-quote-tags", |n| "[quote]\n".repeat(n / 8)),
    ("brackets", |n| "[".repeat(n)),
    ("list-markers", |n| "- ".repeat(n / 2)),
    ("ordinary-comment", |n| {
        let paragraph = "> Zitat von @Martin\n\nEin **normaler** Absatz mit https://example.org/seite und `code`.\n\n";
        paragraph.repeat(n / paragraph.len() + 1)
    }),
];

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(20);
    for (name, make) in INPUTS {
        for len in [10_000, 100_000] {
            let input = make(len);
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_with_input(BenchmarkId::new(*name, len), &input, |b, input| {
                b.iter(|| schrieb_markup::parse(black_box(input)));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
