//! Many stateless servers on one PostgreSQL database, proven with three of them behind HAProxy:
//! a session made on one server writes through another and the event reaches a reader on the
//! third (and a reader that reconnects elsewhere gets what it missed); then one server is
//! killed with SIGKILL in the middle of a write load whose clients repeat unanswered posts
//! under their idempotency keys, and every acknowledged comment is stored exactly once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::cluster::Cluster;
use crate::cluster::api::{self, Acknowledged, Attempt, EventStream};
use crate::postgres::TestPostgres;
use crate::server::{Build, Thread};

/// The thread the cross-server part posts to and reads.
const SLUG: &str = "ueber-server-hinweg";
/// The thread the write load posts to: empty before, so every row in it is the load's.
const LOAD_SLUG: &str = "schreiblast";
const PASSWORD: &str = "mehrere-server-123";
/// Clients posting at once during the load, each as an account of its own.
const WRITERS: usize = 8;
/// How long the load runs before the kill, and after it.
const BEFORE_KILL: Duration = Duration::from_millis(1500);
const AFTER_KILL: Duration = Duration::from_secs(3);
/// The server killed (the second).
const VICTIM: usize = 1;
/// How long an event may take to reach another server: PostgreSQL's `LISTEN/NOTIFY` wakes
/// them at once, but a loaded machine may take its time.
const EVENT_WAIT: Duration = Duration::from_secs(10);

/// `cargo xtask multi-server`: the test alone, on a PostgreSQL cluster of its own.
pub fn alone() -> anyhow::Result<()> {
    crate::shell::run(crate::shell::cmd("cargo").args(["build", "-p", "schrieb-server"]))?;
    let postgres = TestPostgres::start()?;
    run(&postgres)
}

/// Runs the test against a database of its own on `postgres`.
pub fn run(postgres: &TestPostgres) -> anyhow::Result<()> {
    let threads = [(SLUG, Thread::Generated(3)), (LOAD_SLUG, Thread::Generated(0))];
    let mut cluster = Cluster::start(Build::Test, 3, &postgres.url, &threads)?;
    for n in 0..=WRITERS {
        cluster.add_account(&format!("Schreiberin {n}"), &email(n), PASSWORD)?;
    }
    let result = across_servers(&cluster).context("across servers");
    let result = result.and_then(|()| writes_survive_a_killed_server(&mut cluster).context("the killed server"));
    cluster.or_print_logs(result)?;
    eprintln!("multi-server test passed");
    Ok(())
}

fn email(n: usize) -> String {
    format!("schreiberin{n}@example.org")
}

/// Logs in through server 1, posts through server 2, reads the event on server 3; reconnects
/// to server 1 with `Last-Event-ID` and gets the comment posted meanwhile.
fn across_servers(cluster: &Cluster) -> anyhow::Result<()> {
    let http = api::client(Duration::from_secs(10))?;
    let (first, second, third) = (cluster.server(0), cluster.server(1), cluster.server(2));
    let cookie = api::login(&http, first, &email(0), PASSWORD)?;
    // Read anonymously first, so that the third server keeps the page: it must forget it.
    let page = api::thread_page(&http, third, SLUG, 1, None)?;
    let shown = page["event"].as_u64().context("the page's event number")?;
    let reader = EventStream::open(third, SLUG, Some(shown), None)?;

    let posted = acknowledged(api::post_comment(&http, second, SLUG, &cookie, "Über Server 2.", "ueber-zwei-1")?)?;
    let sent = reader.next_within(EVENT_WAIT).context("no event reached the third server")?;
    if sent.comment_id() != Some(posted.id) {
        bail!("the third server's first event is not comment {}: {:?}", posted.id, sent.data);
    }
    let seen = sent.id.context("an event without id")?;
    let page = api::thread_page(&http, third, SLUG, 1, None)?;
    let ids: Vec<u64> = page["items"].as_array().into_iter().flatten().filter_map(|c| c["id"].as_u64()).collect();
    if !ids.contains(&posted.id) {
        bail!("the third server still shows its kept page without comment {}: {ids:?}", posted.id);
    }

    // The reader goes away; a comment comes meanwhile; it comes back to another server.
    drop(reader);
    let missed = acknowledged(api::post_comment(&http, second, SLUG, &cookie, "Verpasst.", "verpasst-1")?)?;
    let again = EventStream::open(first, SLUG, None, Some(seen))?;
    let resumed = again.next_within(EVENT_WAIT).context("the reconnected reader got nothing")?;
    // Not `reset` (which would send the reader back to the page): the one event it missed.
    if resumed.name.is_some() || resumed.comment_id() != Some(missed.id) || resumed.id <= Some(seen) {
        bail!("after Last-Event-ID {seen}, the first event is not comment {}: {resumed:?}", missed.id);
    }
    eprintln!("  event of a post through server 2 reached server 3; Last-Event-ID resumed on server 1");

    // A post repeated under its key through another server (as a client does whose first
    // answer was lost) is answered with the first comment, and stores nothing.
    let repeated = acknowledged(api::post_comment(&http, third, SLUG, &cookie, "Verpasst.", "verpasst-1")?)?;
    if repeated.created || repeated.id != missed.id {
        bail!("the post repeated under its key through server 3 made {repeated:?}, not comment {}", missed.id);
    }
    eprintln!("  a post repeated under its key through another server answered the first comment");
    Ok(())
}

fn acknowledged(attempt: Attempt) -> anyhow::Result<Acknowledged> {
    match attempt {
        Attempt::Acknowledged(comment) => Ok(comment),
        Attempt::Unsettled(why) => bail!("a post with every server up went unanswered: {why}"),
    }
}

/// What one writer did.
#[derive(Default)]
struct Written {
    acknowledged: Vec<(String, Acknowledged, Instant)>,
    /// Attempts that went unanswered and were repeated.
    repeats: usize,
}

/// Writers post through the balancer; one server is killed halfway. Afterwards the thread holds
/// exactly the acknowledged comments, each once.
fn writes_survive_a_killed_server(cluster: &mut Cluster) -> anyhow::Result<()> {
    let http = api::client(Duration::from_secs(10))?;
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for writer in 1..=WRITERS {
        let cookie = api::login(&http, &cluster.url, &email(writer), PASSWORD)?;
        let (url, stop) = (cluster.url.clone(), stop.clone());
        writers.push(std::thread::spawn(move || write_until(&url, &cookie, writer, &stop)));
    }
    std::thread::sleep(BEFORE_KILL);
    let killed_at = Instant::now();
    cluster.kill(VICTIM)?;
    std::thread::sleep(AFTER_KILL);
    stop.store(true, Ordering::Relaxed);
    let mut all = Written::default();
    for writer in writers {
        let written = writer.join().map_err(|_| anyhow::anyhow!("a writer panicked"))??;
        all.acknowledged.extend(written.acknowledged);
        all.repeats += written.repeats;
    }
    let after_kill = all.acknowledged.iter().filter(|(_, _, at)| *at > killed_at).count();
    let replayed = all.acknowledged.iter().filter(|(_, comment, _)| !comment.created).count();
    eprintln!(
        "  {} comments acknowledged ({after_kill} after the kill), {} attempts repeated, {replayed} answered \
         by an earlier attempt",
        all.acknowledged.len(),
        all.repeats
    );
    if after_kill == 0 {
        bail!("no comment was acknowledged after server {} was killed", VICTIM + 1);
    }
    check_stored(cluster, &all.acknowledged)
}

/// Posts comments one after another, each under a key of its own and repeated under that key
/// until acknowledged, until `stop` is set.
fn write_until(base: &str, cookie: &str, writer: usize, stop: &AtomicBool) -> anyhow::Result<Written> {
    // Shorter than the balancer's timeouts: a request stuck on the dying server is repeated.
    let http = api::client(Duration::from_secs(3))?;
    let mut written = Written::default();
    let run = std::process::id();
    for n in 0.. {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let body = format!("Schreiberin {writer}, Kommentar {n} (Lauf {run}).");
        let key = format!("last-{run}-{writer}-{n}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match api::post_comment(&http, base, LOAD_SLUG, cookie, &body, &key)? {
                Attempt::Acknowledged(comment) => {
                    written.acknowledged.push((body, comment, Instant::now()));
                    break;
                }
                Attempt::Unsettled(why) if Instant::now() < deadline => {
                    eprintln!("  writer {writer}: {key} repeated: {why}");
                    written.repeats += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                Attempt::Unsettled(why) => bail!("{key} was not acknowledged within 30 s: {why}"),
            }
        }
    }
    Ok(written)
}

/// The load's thread holds exactly the acknowledged comments, by id and by body, each once.
fn check_stored(cluster: &Cluster, acknowledged: &[(String, Acknowledged, Instant)]) -> anyhow::Result<()> {
    let mut expected: HashMap<u64, &str> = HashMap::new();
    for (body, comment, _) in acknowledged {
        if comment.body != *body {
            bail!("comment {} was acknowledged with another body: {:?} for {body:?}", comment.id, comment.body);
        }
        if expected.insert(comment.id, body).is_some() {
            bail!("two different posts were acknowledged as comment {}", comment.id);
        }
    }
    let rows = cluster.query(&format!(
        "SELECT c.id, c.body FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.slug = '{LOAD_SLUG}'"
    ))?;
    let mut stored: HashMap<u64, String> = HashMap::new();
    let mut bodies = HashSet::new();
    for row in rows {
        let [id, body] = &row[..] else { bail!("unexpected row {row:?}") };
        if !bodies.insert(body.clone()) {
            bail!("stored twice: {body:?}");
        }
        stored.insert(id.parse()?, body.clone());
    }
    for (id, body) in &expected {
        match stored.get(id) {
            Some(found) if found == body => {}
            Some(found) => bail!("comment {id} holds {found:?}, acknowledged as {body:?}"),
            None => bail!("acknowledged comment {id} ({body:?}) is not stored"),
        }
    }
    if let Some((id, body)) = stored.iter().find(|(id, _)| !expected.contains_key(id)) {
        bail!("comment {id} ({body:?}) is stored but was never acknowledged");
    }
    eprintln!("  all {} acknowledged comments stored exactly once, nothing else", expected.len());
    Ok(())
}
