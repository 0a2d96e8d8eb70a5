//! What one login costs the server: an argon2id hash and a verification with the parameters in
//! `auth/password.rs` (19 MiB, 2 passes, 1 lane). `cargo xtask bench` prints the figures.

use criterion::{Criterion, criterion_group, criterion_main};
use schrieb_server::auth::password::{hash, verify};

fn password(c: &mut Criterion) {
    let mut group = c.benchmark_group("password");
    group.sample_size(20);
    group.bench_function("hash", |b| b.iter(|| hash("ein-gutes-passwort").map(|h| h.len())));
    let stored = hash("ein-gutes-passwort").unwrap_or_default();
    group.bench_function("verify", |b| b.iter(|| verify("ein-gutes-passwort", Some(&stored))));
    group.finish();
}

criterion_group!(benches, password);
criterion_main!(benches);
