//! Import and export budgets: a Disqus export of generated comments (threads of 100, a third of
//! them replies, one author in ten with an account) imported by `schrieb-server import` into a
//! fresh SQLite database, then the site exported in schrieb's own format. Reported: comments
//! a second both ways, and the import's peak resident memory (which must not grow with the
//! file). `cargo xtask bench --import` runs 1,000,000; `cargo xtask test` runs 100,000 with the
//! test build and only reports.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};

use crate::server::Build;
use crate::shell::root;

/// Comments a thread of the generated file has.
const PER_THREAD: u64 = 100;

/// What one run measured.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    /// Comments imported.
    pub comments: u64,
    /// Seconds the import took.
    pub import_seconds: f64,
    /// The import's peak resident memory.
    pub peak_mib: f64,
    /// Seconds the export took.
    pub export_seconds: f64,
    /// The file's size.
    pub file_mib: f64,
}

impl Measured {
    /// Prints the figures.
    pub fn print(&self, label: &str) {
        println!(
            "{label}: {} comments ({:.0} MiB of Disqus XML) imported in {:.1} s = {:.0} comments/s, peak memory {:.1} MiB; \
             exported in {:.1} s = {:.0} comments/s ({:.1}x the import's rate)",
            self.comments,
            self.file_mib,
            self.import_seconds,
            self.comments as f64 / self.import_seconds,
            self.peak_mib,
            self.export_seconds,
            self.comments as f64 / self.export_seconds,
            self.import_seconds / self.export_seconds,
        );
    }
}

/// `cargo xtask bench --import`: 1,000,000 comments with the release build, and 100,000 in the
/// same run, whose peak memory the million's is compared with.
pub fn alone() -> anyhow::Result<()> {
    crate::server::build_server()?;
    let small = measure(Build::Release, 100_000)?;
    let large = measure(Build::Release, 1_000_000)?;
    small.print("import, release build");
    large.print("import, release build");
    println!(
        "ten times the comments: {:.1}x the import's time, {:.2}x its peak memory",
        large.import_seconds / small.import_seconds,
        large.peak_mib / small.peak_mib
    );
    Ok(())
}

/// What `cargo xtask test` runs: 100,000 comments with the test build, reported only.
pub fn in_tests() -> anyhow::Result<()> {
    measure(Build::Test, 100_000)?.print("import, test build");
    Ok(())
}

/// Generates a Disqus export of `comments` comments, imports and exports it with `build`.
pub fn measure(build: Build, comments: u64) -> anyhow::Result<Measured> {
    let dir = std::env::temp_dir().join(format!("schrieb-import-bench-{}-{comments}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let measured = measure_in(&dir, build, comments);
    let _ = std::fs::remove_dir_all(&dir);
    measured
}

fn measure_in(dir: &Path, build: Build, comments: u64) -> anyhow::Result<Measured> {
    let file = dir.join("disqus.xml");
    generate(&file, comments)?;
    let file_mib = std::fs::metadata(&file)?.len() as f64 / (1024.0 * 1024.0);
    let db = dir.join("import.db");
    let program = build.program();
    let started = Instant::now();
    let output = Command::new(&program)
        .current_dir(root())
        .args(["import", "--from", "disqus", "--site", "Bench", "--db"])
        .arg(&db)
        .arg(&file)
        .env("RUST_LOG", "warn")
        .output()
        .with_context(|| format!("running {}", program.display()))?;
    let import_seconds = started.elapsed().as_secs_f64();
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!("the import failed: {}{}", printed, String::from_utf8_lossy(&output.stderr));
    }
    let expected = format!("added: {} threads, {comments} comments", comments.div_ceil(PER_THREAD));
    if !printed.contains(&expected) {
        bail!("the import did not add what the file holds ({expected}):\n{printed}");
    }
    let peak_mib = printed
        .lines()
        .find_map(|line| line.strip_prefix("peak memory: ")?.strip_suffix(" MiB")?.parse().ok())
        .context("the import printed no peak memory")?;
    let out = dir.join("export.jsonl");
    let started = Instant::now();
    let exported = Command::new(&program)
        .current_dir(root())
        .args(["export", "--site", "Bench", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .env("RUST_LOG", "warn")
        .output()?;
    let export_seconds = started.elapsed().as_secs_f64();
    if !exported.status.success() {
        bail!("the export failed: {}", String::from_utf8_lossy(&exported.stderr));
    }
    Ok(Measured { comments, import_seconds, peak_mib, export_seconds, file_mib })
}

/// Writes a Disqus export of `comments` comments to `path`, a post at a time.
fn generate(path: &Path, comments: u64) -> anyhow::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>")?;
    writeln!(out, "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">")?;
    let threads = comments.div_ceil(PER_THREAD);
    for thread in 0..threads {
        writeln!(
            out,
            "<thread dsq:id=\"t{thread}\"><id>post-{thread}</id><link>https://bench.example/post/{thread}</link>\
             <title>Beitrag {thread}</title><createdAt>2020-01-01T00:00:00Z</createdAt></thread>"
        )?;
    }
    let mut post = String::new();
    for n in 0..comments {
        let thread = n / PER_THREAD;
        let within = n % PER_THREAD;
        post.clear();
        // A third answer an earlier comment of their thread.
        let parent = if within > 0 && n % 3 == 0 {
            format!("<parent dsq:id=\"p{}\" />", n - 1 - (n * 7) % within)
        } else {
            String::new()
        };
        let author = if n % 10 == 0 {
            format!(
                "<email>leser{}@bench.example</email><name>Leser {}</name><isAnonymous>false</isAnonymous><username>leser{}</username>",
                n % 5_000,
                n % 5_000,
                n % 5_000
            )
        } else {
            format!("<name>Gast {}</name><isAnonymous>true</isAnonymous>", n % 997)
        };
        let minute = n % (60 * 24 * 365);
        write!(
            post,
            "<post dsq:id=\"p{n}\"><message><![CDATA[<p>Kommentar {n}: Das ist ein <b>Beispiel</b> mit einem \
             <a href=\"https://example.org/{n}\">Link</a> und etwas Text, damit er so lang ist wie ein echter.</p>\
             <p>Zweiter Absatz mit Umlauten: äöüß.</p>]]></message><createdAt>2021-01-01T00:00:00Z</createdAt>\
             <isDeleted>false</isDeleted><isSpam>false</isSpam><author>{author}</author>\
             <thread dsq:id=\"t{thread}\" />{parent}</post>"
        )?;
        // Later comments are later in time: minutes apart, within the year.
        let post = post.replace("2021-01-01T00:00:00Z", &minute_time(minute + within));
        writeln!(out, "{post}")?;
    }
    writeln!(out, "</disqus>")?;
    out.flush()?;
    Ok(())
}

/// 2021-01-01 plus `minutes`, as RFC 3339.
fn minute_time(minutes: u64) -> String {
    let days = minutes / (60 * 24);
    let (hour, minute) = ((minutes / 60) % 24, minutes % 60);
    // Months of 28 days keep the arithmetic simple and every date valid.
    format!("2021-{:02}-{:02}T{hour:02}:{minute:02}:00Z", 1 + (days / 28) % 12, 1 + days % 28)
}
