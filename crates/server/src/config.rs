//! Command line and environment: `schrieb-server [serve] ...`, `seed-demo`, `migrate`, `user`,
//! `site`, ...

use std::net::{IpAddr, SocketAddr};
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
    /// How the log is written: `text` for people, `json` (one object a line) for log collectors.
    #[arg(long, env = "SCHRIEB_LOG_FORMAT", value_enum, default_value_t, global = true)]
    pub log_format: crate::logging::LogFormat,
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
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Print the mails sent to an address (the log transport keeps them in the database).
    Outbox(OutboxArgs),
    /// Manage sites.
    #[command(subcommand)]
    Site(SiteCommand),
    /// Replace the email domains nobody registers with (from a file: one per line, `#` starts
    /// a comment), then print them; without a file, only print them.
    BlockedDomains(BlockedDomainsArgs),
    /// Work on whole databases.
    #[command(subcommand)]
    Db(DbCommand),
    /// Bring in the threads of a file another system (or schrieb) exported, into a site's
    /// threads. Running it again adds nothing and changes nothing.
    Import(ImportArgs),
    /// Write everything of a site out (schrieb's own format: JSON lines, lossless).
    Export(ExportArgs),
}

/// The formats `schrieb-server import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// schrieb's own export (JSON lines).
    Schrieb,
    /// Disqus's XML export.
    Disqus,
    /// WordPress's export (WXR 1.0 to 1.2), comments of every post type.
    #[value(alias = "wxr")]
    Wordpress,
    /// Isso: its SQLite database file, or the generic JSON it imports.
    Isso,
    /// Remark42's backup (JSON lines, plain or gzip).
    Remark42,
    /// Commento's JSON export.
    Commento,
}

/// What imported threads are told apart by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThreadKeyArg {
    /// Their page's address.
    Url,
    /// The identifier the site gave them (their address when they have none).
    Identifier,
}

/// `schrieb-server import --from FORMAT FILE --site NAME`
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The file's format.
    #[arg(long, value_enum)]
    pub from: ImportFormat,
    /// The file.
    pub file: std::path::PathBuf,
    /// The site whose threads the file's become (made if missing).
    #[arg(long)]
    pub site: String,
    /// Read and check everything and print the report, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Rewrite addresses starting with FROM to start with TO (a moved site: `http://` to
    /// `https://`, another host); the first that matches is used. Other systems' formats only.
    #[arg(long, value_name = "FROM=TO", value_parser = parse_mapping)]
    pub map_url: Vec<(String, String)>,
    /// What threads are told apart by; threads with the same become one. Other systems'
    /// formats only.
    #[arg(long, value_enum, default_value = "url")]
    pub thread_key: ThreadKeyArg,
}

fn parse_mapping(raw: &str) -> Result<(String, String), String> {
    raw.split_once('=')
        .filter(|(from, _)| !from.is_empty())
        .map(|(from, to)| (from.to_owned(), to.to_owned()))
        .ok_or_else(|| "FROM=TO, as in http://alt.example=https://neu.example".to_owned())
}

/// `schrieb-server export --site NAME`
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The site to export.
    #[arg(long)]
    pub site: String,
    /// Where to write it; standard output when not given.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// The format: schrieb's own (lossless), or WordPress's (WXR 1.2, for leaving to a system
    /// that reads it).
    #[arg(long, value_enum, default_value = "schrieb")]
    pub format: ExportFormat,
}

/// The formats `schrieb-server export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// schrieb's own (JSON lines).
    Schrieb,
    /// WordPress's export (WXR 1.2).
    Wxr,
}

/// `schrieb-server db ...`
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Copy every row of one database into another, empty one, of either engine (SQLite to
    /// PostgreSQL, and back). Both are migrated first; the target is written in one transaction.
    Copy(DbCopyArgs),
}

/// `schrieb-server db copy --from DB --to DB`
#[derive(Debug, Clone, Args)]
pub struct DbCopyArgs {
    /// The database to copy: a SQLite file or `sqlite:` URL, or a `postgres://` URL.
    #[arg(long)]
    pub from: String,
    /// The database to copy into, as for `--from`; made if missing (SQLite), and refused
    /// unless every table is empty.
    #[arg(long)]
    pub to: String,
}

/// `schrieb-server blocked-domains [FILE]`
#[derive(Debug, Clone, Args)]
pub struct BlockedDomainsArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The new list.
    pub file: Option<std::path::PathBuf>,
}

/// `schrieb-server site ...`
#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Let a site take comments from guests (without an account), or stop it. Off by default.
    Guests(SiteGuestsArgs),
    /// Create a site (if missing) whose pages embed their threads, register the origins its
    /// pages are served from, and print the snippet for those pages.
    Add(SiteAddArgs),
    /// Change a site's moderation rules and word lists (what is not given stays), then print
    /// them.
    Moderation(SiteModerationArgs),
}

/// `schrieb-server site moderation NAME [--mode …] [--banned-words FILE] …`
#[derive(Debug, Clone, Args)]
pub struct SiteModerationArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The site's name.
    pub name: String,
    /// When comments wait for a moderator: `post` (they do not: moderators act afterwards),
    /// `all`, `guests`, or `new-accounts` (until an account has `--trust-after` approved ones).
    #[arg(long, value_parser = ["post", "all", "guests", "new-accounts"])]
    pub mode: Option<String>,
    /// Approved comments after which a new account's comments are published at once.
    #[arg(long)]
    pub trust_after: Option<u32>,
    /// Readers' reports that hold a comment for review.
    #[arg(long)]
    pub report_threshold: Option<u32>,
    /// Hold comments with links from accounts younger than this many days.
    #[arg(long)]
    pub link_min_days: Option<u32>,
    /// Hold comments with links from accounts with fewer approved comments than this.
    #[arg(long)]
    pub link_min_approved: Option<u32>,
    /// Refuse comments of such accounts with more links than this (`none`: no cap).
    #[arg(long)]
    pub link_cap: Option<String>,
    /// Hold guests' and first comments written faster than this many seconds (0: off).
    #[arg(long)]
    pub min_compose_seconds: Option<u32>,
    /// Whether the site's discussions take comments: `open`, `closed` or `off`.
    #[arg(long, value_parser = ["open", "closed", "off"])]
    pub discussion: Option<String>,
    /// A file of banned words, one entry per line (`#` starts a comment line): replaces the
    /// banned list.
    #[arg(long)]
    pub banned_words: Option<PathBuf>,
    /// A file of suspect words, as for `--banned-words`: replaces the suspect list.
    #[arg(long)]
    pub suspect_words: Option<PathBuf>,
}

/// `schrieb-server site add NAME --origin https://blog.example [--origin ...]`
#[derive(Debug, Clone, Args)]
pub struct SiteAddArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The site's name; its pages' threads are shown as written by it.
    pub name: String,
    /// An origin the site's pages are served from (`https://blog.example`,
    /// `http://localhost:8080`); repeat for more. Only pages of these may show threads.
    #[arg(long = "origin", required = true)]
    pub origins: Vec<String>,
    /// The origin readers reach schrieb at, for the snippet (as for `serve`).
    #[arg(long, env = "SCHRIEB_PUBLIC_ORIGIN", default_value = "http://127.0.0.1:3000")]
    pub public_origin: String,
}

/// `schrieb-server site guests NAME on|off`
#[derive(Debug, Clone, Args)]
pub struct SiteGuestsArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The site's name.
    pub name: String,
    /// `on` or `off`.
    #[arg(value_parser = ["on", "off"])]
    pub setting: String,
}

/// `schrieb-server user ...`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account with a confirmed address. The password is read from the environment
    /// variable SCHRIEB_PASSWORD, or from the first line of standard input.
    Add(UserAddArgs),
}

/// `schrieb-server user add [--admin | --moderator] NAME EMAIL`
#[derive(Debug, Clone, Args)]
pub struct UserAddArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Make the account an administrator (the first one is made this way).
    #[arg(long, conflicts_with = "moderator")]
    pub admin: bool,
    /// Make the account a moderator.
    #[arg(long)]
    pub moderator: bool,
    /// The display name.
    pub name: String,
    /// The email address (the login).
    pub email: String,
}

/// `schrieb-server outbox --to EMAIL`
#[derive(Debug, Clone, Args)]
pub struct OutboxArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The recipient.
    #[arg(long)]
    pub to: String,
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
    /// The origin readers use, e.g. https://comments.example: links in mails, the cross-site
    /// write check, and `Secure` cookies when it is https. Without it the request's Host counts.
    #[arg(long, env = "SCHRIEB_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// How many hours authors may edit their comments (moderators always may).
    #[arg(long, env = "SCHRIEB_EDIT_WINDOW_HOURS", default_value_t = 24)]
    pub edit_window_hours: i64,
    /// Proxies whose X-Forwarded-For is believed (comma-separated addresses).
    #[arg(long, env = "SCHRIEB_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
    /// Lift every rate limit. For benchmarks only: a public server needs them.
    #[arg(long, env = "SCHRIEB_NO_RATE_LIMITS")]
    pub no_rate_limits: bool,
    /// Send mail through this SMTP server: `smtp://host:25` (plain, a relay on this host),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS), `smtps://user:password@host`
    /// (TLS). Without it, mails go to the server's log (development).
    #[arg(long, env = "SCHRIEB_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of mails, `Name <address>` or `address`.
    #[arg(long, env = "SCHRIEB_MAIL_FROM", default_value = "schrieb <noreply@localhost>")]
    pub mail_from: String,
    /// How many seconds a notification waits before it is mailed (unless read in the app meanwhile).
    #[arg(long, env = "SCHRIEB_MAIL_DELAY_SECONDS", default_value_t = 600)]
    pub mail_delay_seconds: i64,
    /// Let webhooks post to private and loopback addresses (a site on the same network, tests);
    /// without it, such endpoints are refused.
    #[arg(long, env = "SCHRIEB_WEBHOOKS_ALLOW_PRIVATE")]
    pub webhooks_allow_private: bool,
    /// Let link previews read pages in these ranges although they are no public addresses
    /// (comma-separated CIDR blocks or addresses: an intranet, tests). Loopback, private,
    /// link-local and the other special ranges are refused otherwise.
    #[arg(long, env = "SCHRIEB_LINK_PREVIEW_ALLOW", value_parser = crate::address::AllowedRanges::parse)]
    pub link_preview_allow: Option<crate::address::AllowedRanges>,
    /// The ports links may name for their previews (comma-separated).
    #[arg(long, env = "SCHRIEB_LINK_PREVIEW_PORTS", value_delimiter = ',', default_values_t = [80_u16, 443])]
    pub link_preview_ports: Vec<u16>,
    /// The hour (0-23, UTC) the daily digests are made.
    #[arg(long, env = "SCHRIEB_DIGEST_HOUR", default_value_t = 7, value_parser = clap::value_parser!(u32).range(0..24))]
    pub digest_hour: u32,
    /// Ask scrapers of `/metrics` for this token (`Authorization: Bearer …`); without it
    /// `/metrics` is open to anyone who reaches the server.
    #[arg(long, env = "SCHRIEB_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Once told to stop (SIGTERM, Ctrl+C), how many seconds to go on serving while `/readyz`
    /// answers 503, so that a load balancer sends new traffic elsewhere first; a second signal
    /// cuts it short.
    #[arg(long, env = "SCHRIEB_SHUTDOWN_GRACE_SECONDS", default_value_t = 5)]
    pub shutdown_grace_seconds: u64,
}

impl ServeArgs {
    /// The runtime settings these arguments ask for.
    pub fn settings(&self) -> crate::settings::Settings {
        crate::settings::Settings {
            public_origin: self.public_origin.clone(),
            edit_window: chrono::Duration::hours(self.edit_window_hours),
            rate_limits: !self.no_rate_limits,
            trusted_proxies: self.trusted_proxies.clone(),
            webhooks_allow_private: self.webhooks_allow_private,
            metrics_token: self.metrics_token.as_deref().and_then(crate::metrics::MetricsToken::new),
            link_previews: crate::previews::fetch::FetchPolicy {
                allowed: self.link_preview_allow.clone().unwrap_or_default(),
                ports: self.link_preview_ports.clone(),
                ..crate::previews::fetch::FetchPolicy::default()
            },
            ..crate::settings::Settings::default()
        }
    }

    /// How mails are made and when.
    pub fn mail_config(&self) -> crate::mail::MailConfig {
        crate::mail::MailConfig {
            from: self.mail_from.clone(),
            delay: chrono::Duration::seconds(self.mail_delay_seconds.max(0)),
            digest_hour: self.digest_hour,
        }
    }

    /// The mailer these arguments ask for: SMTP with `--smtp-url`, else the log.
    pub fn mailer(&self) -> anyhow::Result<crate::mail::Mailer> {
        let transport: std::sync::Arc<dyn crate::mail::MailTransport> = match &self.smtp_url {
            Some(url) => std::sync::Arc::new(crate::mail::SmtpTransport::new(url, &self.mail_from)?),
            None => std::sync::Arc::new(crate::mail::LogTransport),
        };
        Ok(crate::mail::Mailer::new(transport, self.mail_config()))
    }
}
