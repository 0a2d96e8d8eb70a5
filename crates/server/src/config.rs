//! Command line and environment: `schrieb-server [serve] ...`, `seed-demo`, `migrate`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// schrieb: the discussion under every article.
#[derive(Debug, Parser)]
#[command(name = "schrieb-server", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; `serve` when left out.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Serving options when no subcommand is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// The server's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the web app.
    Serve(ServeArgs),
    /// Load the demo content (one German and one English article with their threads).
    SeedDemo(DatabaseArgs),
    /// Create the database if needed and apply the migrations, then exit.
    Migrate(DatabaseArgs),
    /// Add an article with a synthetic thread of any length (for benchmarks and load tests).
    SeedSynthetic(SyntheticArgs),
}

/// What synthetic thread to add.
#[derive(Debug, Clone, Args)]
pub struct SyntheticArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The new article's slug.
    #[arg(long)]
    pub slug: String,
    /// How many generated comments its thread gets.
    #[arg(long, required_unless_present = "bodies", conflicts_with = "bodies")]
    pub comments: Option<usize>,
    /// A JSON file with an array of comment bodies to use instead, in order.
    #[arg(long)]
    pub bodies: Option<PathBuf>,
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// SQLite database file (created if missing), or a `sqlite:` URL.
    #[arg(long, env = "SCHRIEB_DB", default_value = "data/schrieb.db")]
    pub db: String,
}

/// How to serve.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the chosen one is printed).
    #[arg(long, env = "SCHRIEB_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The built web app (Trunk's output folder); the API alone is served when it is missing.
    #[arg(long, env = "SCHRIEB_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Load the demo content when the database holds no articles yet.
    #[arg(long, env = "SCHRIEB_DEMO")]
    pub demo: bool,
}
