//! The API tried as an outside client tries it: schemathesis (from PyPI) reads
//! `/api/v1/openapi.json`, generates requests from it, the valid and the invalid, and checks
//! every answer against it: no 5xx, no status the document does not list, no schema-valid
//! request refused, no invalid one taken, answers in the documented shapes and headers, 405 for
//! undocumented methods, endpoints that need a session refusing requests without one. Once
//! anonymous and once logged in, against a server of its own over a fresh database (it posts,
//! reacts and registers at random), with the rate limits lifted.
//!
//! The document must state what the server checks. Where the server rightly answers otherwise
//! than schemathesis expects (a rule no JSON Schema can state, soft deletion), the operation's
//! configuration below says why.

use std::path::Path;
use std::time::Instant;

use crate::server::{Build, RunningServer};
use crate::shell::{cmd, run};
use crate::tools;

/// Test cases per operation and phase: the whole run (two passes) stays within a few minutes on
/// two cores.
const MAX_EXAMPLES: &str = "100";

/// Fixed, so that a run that passed passes again; change it to explore other inputs.
const SEED: &str = "20261202";

/// The site whose pages the `PageUrl` example in the document names.
const EXAMPLE_SITE: &str = "https://blog.example";

/// The account the logged-in pass uses (`schrieb-server user add`; schemathesis logs in itself).
const EMAIL: &str = "schemathesis@example.org";
const PASSWORD: &str = "schemathesis-passwort";

/// What both passes share: the operations that rightly answer otherwise than schemathesis
/// expects, and why.
const SHARED_CONFIG: &str = r#"
# A confirmation or reset token is well formed or not, but whether it is known (and unused,
# unexpired) no schema can say: an unknown one is a 422, as schemathesis itself treats credentials that do
# not exist.
[[operations]]
include-path = ["/api/v1/auth/verify", "/api/v1/auth/password-reset/confirm"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

# The display-name rules that are no pattern: at most 40 characters once white space is
# collapsed, no word "Gast" or "Guest". A name that breaks them is a 422 naming the field.
[[operations]]
include-path = "/api/v1/auth/register"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

# The same for a guest's name; the comment rules that are counted in the parsed markup (quote
# nesting, links, mentions, quotes checked against their sources); and an Idempotency-Key sent
# before with another comment (the IETF draft's 422): a 422 naming the rule.
[[operations]]
include-path = ["/api/v1/articles/{slug}/comments", "/api/v1/comments/{id}"]
include-method = ["POST", "PATCH"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

# Deleting is soft, and documented so: a deleted comment keeps its place in the thread, and its
# permalink, revisions and reactions still answer (`deleted: true`), so links and quotes of it
# stay valid; a deleted draft reads as `null`. Not the 404 schemathesis expects after a DELETE.
[[operations]]
include-path = [
    "/api/v1/comments/{id}",
    "/api/v1/comments/{id}/revisions",
    "/api/v1/comments/{id}/reactions",
    "/api/v1/articles/{slug}/draft",
]
include-method = "GET"
checks.use_after_free.enabled = false

# A thread's live events and the bell's count are streams that do not end: a test client would
# wait on them for ever. The API tests (`tests/api/live.rs`) read them instead.
[[operations]]
include-path = ["/api/v1/articles/{slug}/events", "/api/v1/me/events"]
enabled = false
"#;

/// Runs both passes against a new server of `build`; any finding fails.
pub fn run_all(build: Build) -> anyhow::Result<()> {
    let program = tools::ensure_schemathesis()?;
    let started = Instant::now();
    let server = RunningServer::start_with(build, &[], true)?;
    let dir = server.db.parent().unwrap_or(Path::new(".")).to_path_buf();
    let binary = build.program();
    run(cmd(&binary.to_string_lossy())
        .args(["user", "add", "--db"])
        .arg(&server.db)
        .args(["Schemathesis", EMAIL])
        .env("SCHRIEB_PASSWORD", PASSWORD))?;
    // The origin of the documented example page address, so that the embed endpoint's example
    // reaches a thread instead of the refusal for unregistered sites.
    run(cmd(&binary.to_string_lossy()).args(["site", "add", "--db"]).arg(&server.db).args([
        "Schemathesis",
        "--origin",
        EXAMPLE_SITE,
    ]))?;

    let anonymous = dir.join("anonymous.toml");
    std::fs::write(&anonymous, SHARED_CONFIG)?;
    pass(&program, &anonymous, &server.url, "anonymous")?;

    // Logged in as a browser is: the session cookie and this site's Origin (the cross-site check
    // refuses cookie writes without it). Logging out, changing the password and deleting the
    // account would end or change the session the rest of the pass needs; the anonymous pass
    // tries them.
    let session = dir.join("session.toml");
    std::fs::write(
        &session,
        format!(
            r#"headers = {{ Origin = "{url}" }}

[auth.dynamic.openapi.session_cookie]
path = "/api/v1/auth/login"
payload = {{ email = "{EMAIL}", password = "{PASSWORD}" }}
extract_from = "cookie"
extract_selector = "schrieb_session"

[[operations]]
include-path = ["/api/v1/auth/logout", "/api/v1/me/password"]
enabled = false

[[operations]]
include-path = "/api/v1/me"
include-method = "DELETE"
enabled = false
{SHARED_CONFIG}"#,
            url = server.url
        ),
    )?;
    pass(&program, &session, &server.url, "logged in")?;
    drop(server);
    eprintln!("schemathesis: no findings in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// One schemathesis run over every operation with `config`.
fn pass(program: &Path, config: &Path, url: &str, name: &str) -> anyhow::Result<()> {
    eprintln!("schemathesis, {name}:");
    run(cmd(&program.to_string_lossy())
        // Its example database and reports stay out of the work tree.
        .current_dir(config.parent().unwrap_or(Path::new(".")))
        .arg("--config-file")
        .arg(config)
        // Every check is on by default; `--checks all` would also turn on again the ones the
        // configuration turns off for single operations.
        .args(["run", &format!("{url}/api/v1/openapi.json"), "--max-examples", MAX_EXAMPLES])
        .args(["--seed", SEED, "--generation-database", "none", "--no-color"]))
}
