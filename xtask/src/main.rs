//! `cargo xtask`: builds, serves, tests and measures schrieb, installing what is missing.

mod app;
mod bench;
mod bench_cluster;
mod bench_import;
mod bench_live;
mod bench_moderation;
mod bench_read;
mod bench_writes;
mod cluster;
mod fuzz;
mod layers;
mod multi_server;
mod postgres;
mod schemathesis;
mod server;
mod shell;
mod size;
mod test;
mod tools;
mod wasm_bench;

use clap::{Parser, Subcommand};

/// schrieb's developer tasks.
#[derive(Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build the app (release), start the server on SQLite with demo content, print the URL.
    Serve(server::ServeArgs),
    /// Everything: format, lints, module layers, native tests, wasm check, component tests,
    /// schemathesis, end-to-end tests.
    Test,
    /// Measure the budgets: transfer size, thread API throughput and latency, first comment.
    Bench {
        /// Only the read path beside nginx.
        #[arg(long)]
        read: bool,
        /// Only the first comment of a small thread beside Isso's (installed from PyPI).
        #[arg(long, conflicts_with = "read")]
        isso: bool,
        /// Only moderation's budgets: posting with word lists, the pending queue, the matcher.
        #[arg(long, conflicts_with_all = ["read", "isso"])]
        moderation: bool,
        /// Only live threads' budgets: 10,000 event streams on one thread.
        #[arg(long, conflicts_with_all = ["read", "isso", "moderation"])]
        live: bool,
        /// Only many servers' budgets: SQLite, PostgreSQL with one server and with three
        /// behind HAProxy, and events across servers.
        #[arg(long, conflicts_with_all = ["read", "isso", "moderation", "live"])]
        cluster: bool,
        /// Only imports' and exports' budgets: 1,000,000 generated Disqus comments.
        #[arg(long, conflicts_with_all = ["read", "isso", "moderation", "live", "cluster"])]
        import: bool,
        /// Only link previews' budget: what a reader pays for a page with 20 cards.
        #[arg(long, conflicts_with_all = ["read", "isso", "moderation", "live", "cluster", "import"])]
        previews: bool,
    },
    /// The multi-server test alone (part of `test`): three servers on one PostgreSQL behind
    /// HAProxy, one killed during a write load.
    #[command(hide = true)]
    MultiServer,
    /// The import of 100,000 generated Disqus comments alone (part of `test`), with the test
    /// build.
    #[command(hide = true)]
    ImportCheck,
    /// Print the app's download size and its breakdown by crate (twiggy).
    Size,
    /// Try the API against its OpenAPI document with schemathesis, anonymous and logged in.
    Schemathesis,
    /// Print which module of the server and the app uses which, and fail on a cycle.
    Layers,
    /// Start a PostgreSQL server of its own (installed from Debian's packages if missing) and
    /// print its URL, for running the store's tests by hand; stopped with Ctrl-C.
    Postgres,
    /// Fuzz the markup parser (libFuzzer) for a while.
    Fuzz {
        /// How long, in seconds.
        #[arg(long, default_value_t = 600)]
        seconds: u32,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().task {
        Task::Serve(args) => server::serve(&args),
        Task::Test => test::all(),
        Task::Bench { read: true, .. } => bench::read_only(),
        Task::Bench { isso: true, .. } => bench::beside_isso(),
        Task::Bench { moderation: true, .. } => bench::moderation_only(),
        Task::Bench { live: true, .. } => bench_live::live_only(),
        Task::Bench { cluster: true, .. } => bench_cluster::alone(),
        Task::Bench { import: true, .. } => bench_import::alone(),
        Task::Bench { previews: true, .. } => bench::previews_only(),
        Task::MultiServer => multi_server::alone(),
        Task::ImportCheck => bench_import::in_tests(),
        Task::Bench { .. } => bench::run_all(),
        Task::Fuzz { seconds } => fuzz::run_for(seconds),
        Task::Layers => layers::check(),
        Task::Postgres => postgres::until_interrupted(),
        Task::Size => size::report(),
        Task::Schemathesis => {
            server::build_server()?;
            schemathesis::run_all(server::Build::Release)
        }
    }
}
