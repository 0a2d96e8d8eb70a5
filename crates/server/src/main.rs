//! `schrieb-server`: reads the configuration, opens the database and serves.

use anyhow::Context;
use clap::Parser;
use schrieb_server::config::{
    BlockedDomainsArgs, Cli, Command, DatabaseArgs, OutboxArgs, ServeArgs, SiteAddArgs, SiteCommand, SiteGuestsArgs,
    SiteModerationArgs, SyntheticArgs, UserAddArgs, UserCommand,
};
use schrieb_server::{AppState, Assets, db, demo, synthetic};

/// jemalloc returns a password hash's 19 MiB to the system when it is freed; glibc's malloc
/// keeps such blocks in per-thread arenas for good, and a burst of logins grew the server by
/// 19 MiB a hash (`auth/password/slots.rs`).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    schrieb_server::logging::init(cli.log_format);
    match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => serve(args).await,
        Command::SeedDemo(args) => seed_demo(args).await,
        Command::SeedSynthetic(args) => seed_synthetic(args).await,
        Command::User(UserCommand::Add(args)) => add_user(args).await,
        Command::Outbox(args) => outbox(args).await,
        Command::Site(SiteCommand::Guests(args)) => site_guests(args).await,
        Command::Site(SiteCommand::Add(args)) => site_add(args).await,
        Command::Site(SiteCommand::Moderation(args)) => site_moderation(args).await,
        Command::BlockedDomains(args) => blocked_domains(args).await,
        Command::Db(schrieb_server::config::DbCommand::Copy(args)) => copy_db(args).await,
        Command::Import(args) => import(args).await,
        Command::Export(args) => export(args).await,
        Command::Migrate(args) => {
            open(&args).await?;
            println!("database {} is migrated", args.db);
            Ok(())
        }
    }
}

async fn open(args: &DatabaseArgs) -> anyhow::Result<std::sync::Arc<dyn db::Repository>> {
    // Read before anything is made: an unknown scheme is an error, not a folder of its name.
    let location = db::DbLocation::parse(&args.db)?;
    // A plain file path may name a folder that does not exist yet; URLs are taken as they are.
    if let Some(folder) = location.folder_to_make() {
        std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    }
    db::connect(&args.db).await.with_context(|| format!("opening database {}", args.db))
}

async fn seed_demo(args: DatabaseArgs) -> anyhow::Result<()> {
    let repository = open(&args).await?;
    let (articles, comments) = demo::seed(repository.as_ref(), chrono::Utc::now()).await?;
    println!("loaded {articles} demo articles with {comments} comments into {}", args.db);
    Ok(())
}

async fn seed_synthetic(args: SyntheticArgs) -> anyhow::Result<()> {
    let slug = schrieb_api::Slug::parse(&args.slug).with_context(|| format!("slug {:?}", args.slug))?;
    let thread = match (&args.bodies, args.comments) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            synthetic::Thread::Bodies(
                serde_json::from_str(&text)
                    .with_context(|| format!("{} is no JSON array of strings", path.display()))?,
            )
        }
        (None, Some(count)) => synthetic::Thread::Generated(count),
        (None, None) => anyhow::bail!("give --comments or --bodies"),
    };
    let repository = open(&args.database).await?;
    synthetic::seed(repository.as_ref(), slug, thread, chrono::Utc::now()).await?;
    println!("added /a/{} to {}", args.slug, args.database.db);
    Ok(())
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let repository = open(&args.database).await?;
    if args.demo && repository.is_empty().await? {
        let (articles, comments) = demo::seed(repository.as_ref(), chrono::Utc::now()).await?;
        tracing::info!(articles, comments, "database was empty: loaded the demo content");
    }
    let assets = match Assets::load(&args.dist) {
        Ok(assets) => Some(assets),
        Err(error) => {
            tracing::warn!(%error, "serving the API without the web app");
            None
        }
    };
    let state = AppState::new(repository, args.settings()).await?.with_mailer(args.mailer()?);
    state.follow_events();
    state.carry_on_jobs();
    if !state.settings.rate_limits {
        tracing::warn!("rate limits are lifted (--no-rate-limits): for benchmarks only");
    }
    schrieb_server::prune_limits_periodically(state.limits.clone());
    state.metrics.upkeep_periodically();
    let grace = std::time::Duration::from_secs(args.shutdown_grace_seconds);
    // `/readyz` turns 503 at the signal; connections are taken until the grace period is over.
    let stopped = schrieb_server::shutdown::after_grace(state.clone(), grace, shutdown_signal);
    let listener = tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("binding {}", args.addr))?;
    let addr = listener.local_addr()?;
    state.send_outgoing(&format!("http://{addr}"));
    let app = schrieb_server::app(state, assets);
    // This line is read by `cargo xtask` to find the port; keep its shape.
    println!("schrieb is listening on http://{addr}/");
    schrieb_server::serve(listener, app, stopped).await?;
    println!("schrieb stopped");
    Ok(())
}

async fn add_user(args: UserAddArgs) -> anyhow::Result<()> {
    use schrieb_api::{DisplayName, Email, Password, Role};
    let name = DisplayName::parse(&args.name).map_err(|e| anyhow::anyhow!("display name: {e}"))?;
    let email = Email::parse(&args.email).map_err(|e| anyhow::anyhow!("email: {e}"))?;
    let raw = match std::env::var("SCHRIEB_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            eprintln!("password for {name} (at least 10 characters), then Enter:");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let password = Password::parse(&raw).map_err(|e| anyhow::anyhow!("password: {e}"))?;
    let role = if args.admin {
        Role::Admin
    } else if args.moderator {
        Role::Moderator
    } else {
        Role::Reader
    };
    let hash = schrieb_server::auth::password::hash(password.expose())?;
    let repository = open(&args.database).await?;
    let account = db::NewAccount {
        display_name: name.clone(),
        email,
        password_hash: hash,
        role,
        confirmed: true,
        language: schrieb_api::MailLanguage::De,
    };
    match repository.create_account(&account, chrono::Utc::now()).await? {
        Ok(id) => println!("created {} account {id}: {name}", role.as_str()),
        Err(db::AccountClash::NameTaken) => anyhow::bail!("the display name {name} is taken"),
        Err(db::AccountClash::EmailTaken) => anyhow::bail!("an account with this email address exists"),
    }
    Ok(())
}

async fn site_guests(args: SiteGuestsArgs) -> anyhow::Result<()> {
    let repository = open(&args.database).await?;
    let allowed = args.setting == "on";
    if !repository.set_guest_comments(&args.name, allowed).await? {
        anyhow::bail!("no site is named {:?}", args.name);
    }
    println!("guest comments on {}: {}", args.name, args.setting);
    Ok(())
}

async fn site_moderation(args: SiteModerationArgs) -> anyhow::Result<()> {
    use schrieb_api::{WordLists, WordSeverity, word_list_file};
    let repository = open(&args.database).await?;
    let mut settings =
        repository.site_moderation(&args.name).await?.with_context(|| format!("no site is named {:?}", args.name))?;
    // Names as the API spells them (`new_accounts`), given here with dashes.
    let named = |name: &str| serde_json::Value::from(name.replace('-', "_"));
    if let Some(mode) = &args.mode {
        settings.mode = serde_json::from_value(named(mode))?;
    }
    if let Some(state) = &args.discussion {
        settings.discussion = serde_json::from_value(named(state))?;
    }
    settings.trust_after = args.trust_after.unwrap_or(settings.trust_after);
    settings.report_threshold = args.report_threshold.unwrap_or(settings.report_threshold);
    settings.link_min_account_days = args.link_min_days.unwrap_or(settings.link_min_account_days);
    settings.link_min_approved = args.link_min_approved.unwrap_or(settings.link_min_approved);
    settings.min_compose_seconds = args.min_compose_seconds.unwrap_or(settings.min_compose_seconds);
    match args.link_cap.as_deref() {
        None => {}
        Some("none") => settings.new_account_link_cap = None,
        Some(cap) => settings.new_account_link_cap = Some(cap.parse().context("--link-cap: a number, or none")?),
    }
    repository.set_site_moderation(&args.name, &settings).await?;
    if args.banned_words.is_some() || args.suspect_words.is_some() {
        let mut words = repository.site_words_named(&args.name).await?.unwrap_or_default();
        for (file, severity) in
            [(&args.banned_words, WordSeverity::Banned), (&args.suspect_words, WordSeverity::Suspect)]
        {
            let Some(file) = file else { continue };
            let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
            words.retain(|word| word.severity != severity);
            words.extend(word_list_file(&text, severity));
        }
        let lists = WordLists { words };
        lists.check().map_err(|error| anyhow::anyhow!("{error}"))?;
        repository.set_site_words(&args.name, &lists.words).await?;
    }
    let words = repository.site_words_named(&args.name).await?.unwrap_or_default();
    let count = |severity| words.iter().filter(|word| word.severity == severity).count();
    println!("moderation of {:?}: {}", args.name, serde_json::to_string_pretty(&settings)?);
    println!("word lists: {} banned, {} suspect", count(WordSeverity::Banned), count(WordSeverity::Suspect));
    Ok(())
}

async fn site_add(args: SiteAddArgs) -> anyhow::Result<()> {
    use schrieb_server::embed::{site_origin, snippet};
    let name = args.name.trim();
    anyhow::ensure!(!name.is_empty(), "a site needs a name");
    // Every origin is checked before the database is touched: a typo registers nothing.
    let origins = args.origins.iter().map(|raw| site_origin(raw)).collect::<Result<Vec<_>, _>>()?;
    let public = site_origin(&args.public_origin).context("--public-origin")?;
    let repository = open(&args.database).await?;
    let site = repository.register_origins(name, &origins, chrono::Utc::now()).await??;
    println!("site {:?} takes threads on pages of: {}", site.name, site.origins.join(", "));
    println!("\nPut this where the comments should appear:\n\n{}", snippet(&public));
    println!(
        "\nComment counts on lists of pages: <span data-schrieb-count=\"PAGE ADDRESS\"></span> on the page, and\n\
         <script src=\"{public}/count.js\" async></script> once at its end."
    );
    Ok(())
}

async fn blocked_domains(args: BlockedDomainsArgs) -> anyhow::Result<()> {
    use schrieb_api::{BlockedDomains, list_file};
    let repository = open(&args.database).await?;
    if let Some(file) = &args.file {
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let list = BlockedDomains { domains: list_file(&text).map(str::to_owned).collect() };
        list.check().map_err(|error| anyhow::anyhow!(error.message))?;
        repository.set_blocked_email_domains(&list.normalized()).await?;
    }
    for domain in repository.blocked_email_domains().await? {
        println!("{domain}");
    }
    Ok(())
}

async fn copy_db(args: schrieb_server::config::DbCopyArgs) -> anyhow::Result<()> {
    // A plain SQLite path may name a folder that does not exist yet, as for `--db`.
    if let Some(folder) = db::DbLocation::parse(&args.to)?.folder_to_make() {
        std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    }
    let started = std::time::Instant::now();
    let copied = db::copy::copy(&args.from, &args.to, &mut |progress| {
        let so_far = if progress.done { "" } else { " so far" };
        println!("{}: {} rows{so_far}", progress.table, progress.rows);
    })
    .await
    .with_context(|| format!("copying {} to {}", args.from, args.to))?;
    println!(
        "copied {} rows in {} tables in {:.1} s",
        copied.total(),
        copied.tables.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn import(args: schrieb_server::config::ImportArgs) -> anyhow::Result<()> {
    use schrieb_server::config::ImportFormat;
    use schrieb_server::portable;
    let repository = open(&args.database).await?;
    let file = std::fs::File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?;
    let bar = indicatif::ProgressBar::new(file.metadata()?.len())
        .with_style(indicatif::ProgressStyle::with_template("reading {bar:40} {bytes}/{total_bytes} {eta}")?);
    let input = std::io::BufReader::new(bar.wrap_read(file));
    let started = std::time::Instant::now();
    let report = match args.from {
        ImportFormat::Schrieb => {
            let options = portable::import::ImportOptions { site: args.site.clone(), dry_run: args.dry_run };
            portable::import::native(repository.as_ref(), input, &options).await
        }
        format => {
            let options = portable::foreign::ForeignOptions {
                site: args.site.clone(),
                dry_run: args.dry_run,
                map_url: args.map_url.clone(),
                thread_key: match args.thread_key {
                    schrieb_server::config::ThreadKeyArg::Url => portable::foreign::ThreadKey::Url,
                    schrieb_server::config::ThreadKeyArg::Identifier => portable::foreign::ThreadKey::Identifier,
                },
            };
            let writing = indicatif::ProgressBar::new_spinner()
                .with_style(indicatif::ProgressStyle::with_template("writing {spinner} {msg} comments")?);
            let progress = |written: u64| {
                bar.finish_and_clear();
                writing.set_message(written.to_string());
            };
            let repository = repository.as_ref();
            let report = match format {
                ImportFormat::Wordpress => portable::wxr::import(repository, input, &options, &progress).await,
                ImportFormat::Remark42 => portable::remark42::import(repository, input, &options, &progress).await,
                ImportFormat::Commento => portable::commento::import(repository, input, &options, &progress).await,
                // Isso's own database, or the JSON it imports.
                ImportFormat::Isso if is_sqlite(&args.file)? => {
                    portable::isso::import_database(repository, &args.file, &options, &progress).await
                }
                ImportFormat::Isso => portable::isso::import_json(repository, input, &options, &progress).await,
                // Disqus; schrieb's own format is read above.
                _ => portable::disqus::import(repository, input, &options, &progress).await,
            };
            writing.finish_and_clear();
            report
        }
    }
    .with_context(|| format!("importing {}", args.file.display()))?;
    bar.finish_and_clear();
    print!("{report}");
    println!("took {:.1} s", started.elapsed().as_secs_f64());
    if let Some(peak) = peak_memory_mib() {
        println!("peak memory: {peak:.1} MiB");
    }
    Ok(())
}

/// This process's peak resident memory (`VmHWM`), where the system tells it (Linux).
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: f64 =
        status.lines().find_map(|line| line.strip_prefix("VmHWM:")?.trim().strip_suffix(" kB")?.parse().ok())?;
    Some(kib / 1024.0)
}

/// Whether the file at `path` is a SQLite database (its header says so).
fn is_sqlite(path: &std::path::Path) -> anyhow::Result<bool> {
    use std::io::Read;
    let mut header = [0_u8; 16];
    let read = std::fs::File::open(path)?.read(&mut header)?;
    Ok(read == header.len() && &header == b"SQLite format 3\0")
}

async fn export(args: schrieb_server::config::ExportArgs) -> anyhow::Result<()> {
    let repository = open(&args.database).await?;
    let started = std::time::Instant::now();
    let mut out: Box<dyn tokio::io::AsyncWrite + Unpin + Send> = match &args.out {
        Some(path) => Box::new(tokio::io::BufWriter::new(
            tokio::fs::File::create(path).await.with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(tokio::io::BufWriter::new(tokio::io::stdout())),
    };
    let exported = match args.format {
        schrieb_server::config::ExportFormat::Schrieb => {
            schrieb_server::portable::export::native(repository.as_ref(), &args.site, &mut out).await
        }
        schrieb_server::config::ExportFormat::Wxr => {
            schrieb_server::portable::wxr_export::wxr(repository.as_ref(), &args.site, &mut out).await
        }
    }
    .with_context(|| format!("exporting site {}", args.site))?;
    eprintln!(
        "exported {} people, {} articles, {} comments in {:.1} s",
        exported.people,
        exported.articles,
        exported.comments,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn outbox(args: OutboxArgs) -> anyhow::Result<()> {
    let repository = open(&args.database).await?;
    for mail in repository.mails_to(&args.to.trim().to_lowercase()).await? {
        println!("To: {}\nSubject: {}\n\n{}\n", mail.to, mail.subject, mail.body);
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl+C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
