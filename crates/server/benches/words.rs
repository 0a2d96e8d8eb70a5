//! The word lists' matcher: 5,000 banned and 5,000 suspect entries (wildcards among them)
//! against comments of 2,000 to 20,000 characters. Finding stays linear in the comment's length
//! whatever the entries (one Aho-Corasick pass); `cargo xtask bench` prints the figures and the
//! growth per character.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use schrieb_server::domain::moderation::words::{Severity, WordList};

/// The lists: made-up words, a tenth of them with a `*`.
fn entries() -> Vec<(String, Severity)> {
    (0..10_000)
        .map(|n| {
            let word = format!("wort{n:05}q");
            let entry = match n % 10 {
                0 => format!("{word}*"),
                1 => format!("*{word}"),
                _ => word,
            };
            (entry, if n % 2 == 0 { Severity::Banned } else { Severity::Suspect })
        })
        .collect()
}

/// German prose of about `chars` characters with one listed word in every 2,000.
fn comment(chars: usize) -> String {
    let sentence = "Die Pergola-Lizenz änderte sich über Nacht, und niemand im Verein wusste, warum. ";
    let mut text = String::with_capacity(chars + 100);
    let mut n = 0;
    while text.chars().count() < chars {
        text.push_str(sentence);
        n += sentence.chars().count();
        if n >= 2_000 {
            text.push_str("Das ist wort04242q. ");
            n = 0;
        }
    }
    text
}

fn words(c: &mut Criterion) {
    let entries = entries();
    let list =
        WordList::compile(entries.iter().map(|(entry, severity)| (entry.as_str(), *severity))).unwrap_or_default();
    let mut group = c.benchmark_group("words");
    group.sample_size(30);
    group.bench_function("compile 10,000 entries", |b| {
        b.iter(|| {
            WordList::compile(entries.iter().map(|(entry, severity)| (entry.as_str(), *severity))).map(|l| l.len())
        })
    });
    for chars in [2_000, 5_000, 10_000, 20_000] {
        let text = comment(chars);
        group.throughput(Throughput::Elements(chars as u64));
        group.bench_with_input(BenchmarkId::new("find in comment of chars", chars), &text, |b, text| {
            b.iter(|| list.find(text).len())
        });
    }
    group.finish();
}

criterion_group!(benches, words);
criterion_main!(benches);
