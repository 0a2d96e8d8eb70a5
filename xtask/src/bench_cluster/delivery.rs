//! Events across servers: comments posted through the first server, each timed from its `POST`
//! being sent to its event at a reader on the same server and at readers on the two others.
//! From the request, not from its answer: with `LISTEN/NOTIFY` the other servers hear of the
//! comment as it is committed, often before its answer reaches the client.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::{PASSWORD, percentile};
use crate::cluster::Cluster;
use crate::cluster::api::{self, Attempt, EventStream};

/// The thread posted to and followed.
pub const SLUG: &str = "cluster-live";
/// Comments posted.
const POSTS: usize = 200;
/// One posted this often: apart enough that the readers' servers are not busy with the last.
const EVERY: Duration = Duration::from_millis(50);
/// How long a reader may wait for the next event before the run fails.
const WAIT: Duration = Duration::from_secs(10);

/// Posts [`POSTS`] comments through server 1 with readers on servers 1, 2 and 3, and prints
/// the delivery times on the same server and across servers.
pub fn measure(cluster: &Cluster) -> anyhow::Result<()> {
    let http = api::client(Duration::from_secs(10))?;
    let (poster, email) = (cluster.server(0), "delivery@example.org");
    cluster.add_account("Zustellung", email, PASSWORD)?;
    let cookie = api::login(&http, poster, email, PASSWORD)?;
    let shown = api::thread_page(&http, poster, SLUG, 1, None)?["event"].as_u64().context("the page's event")?;
    let readers = (0..3)
        .map(|server| EventStream::open(cluster.server(server), SLUG, Some(shown), None))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (mut posted, mut answers) = (HashMap::new(), Vec::new());
    for n in 0..POSTS {
        let sent = Instant::now();
        let next = sent + EVERY;
        let body = format!("Zustellung {n}: wann kommt das an?");
        match api::post_comment(&http, poster, SLUG, &cookie, &body, &format!("delivery-{n:04}"))? {
            Attempt::Acknowledged(comment) => {
                answers.push(sent.elapsed().as_secs_f64() * 1000.0);
                posted.insert(comment.id, sent)
            }
            Attempt::Unsettled(why) => bail!("a post went unanswered: {why}"),
        };
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    let mut same = Vec::new();
    let mut other = Vec::new();
    for (server, reader) in readers.iter().enumerate() {
        let mut seen = 0;
        while seen < POSTS {
            let sent = reader
                .next_within(WAIT)
                .with_context(|| format!("the reader on server {} got {seen} of {POSTS} events", server + 1))?;
            let Some(at) = sent.comment_id().and_then(|id| posted.get(&id)) else { continue };
            seen += 1;
            let milliseconds = sent.at.saturating_duration_since(*at).as_secs_f64() * 1000.0;
            if server == 0 { &mut same } else { &mut other }.push(milliseconds);
        }
    }
    same.sort_by(f64::total_cmp);
    other.sort_by(f64::total_cmp);
    answers.sort_by(f64::total_cmp);
    println!(
        "\nevents, POST sent → event at the reader ({POSTS} comments through server 1, one every {} ms):",
        EVERY.as_millis()
    );
    let rows = [("POST answered", &answers), ("event, same server (1)", &same), ("event, servers 2 and 3", &other)];
    for (label, times) in rows {
        println!(
            "  {label:<24} p50 {:>7.1} ms   p99 {:>7.1} ms   max {:>7.1} ms",
            percentile(times, 50),
            percentile(times, 99),
            times.last().copied().unwrap_or(f64::NAN)
        );
    }
    Ok(())
}
