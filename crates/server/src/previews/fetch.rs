//! Reading a linked page or picture without letting a link reach what it must not
//! (server-side request forgery).
//!
//! - Only `http` and `https`, only the allowed ports (80 and 443 unless configured), no user
//!   name or password in the link.
//! - A name is resolved once, by [`CheckedResolver`]; when any of its addresses is refused the
//!   link is refused, else the connection goes to exactly those addresses (no second lookup
//!   that a rebinding name could answer differently). Literal addresses are checked here.
//! - Redirects are followed by hand, at most [`MAX_REDIRECTS`], each target checked again.
//! - One deadline for the whole exchange (a slow-loris server gets nothing), a cap on the bytes
//!   read (a huge body is cut or refused, never held), no cookies, no proxy, no compression,
//!   and a User-Agent that names schrieb.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use url::Url;

use crate::address::{AllowedRanges, may_connect};
use crate::logging::error_chain;

/// Redirects followed at most.
pub const MAX_REDIRECTS: usize = 3;

/// What the fetcher may reach, and how long it waits.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Ranges allowed although refused by default.
    pub allowed: AllowedRanges,
    /// The ports links may name.
    pub ports: Vec<u16>,
    /// How long one reading may take, redirects and body included.
    pub deadline: Duration,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        Self { allowed: AllowedRanges::default(), ports: vec![80, 443], deadline: Duration::from_secs(8) }
    }
}

/// Why a link was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The link, or a redirect, leads where the fetcher may not go.
    #[error("refused: {0}")]
    Refused(String),
    /// More redirects than [`MAX_REDIRECTS`].
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects,
    /// The deadline passed.
    #[error("no answer within {0:?}")]
    TimedOut(Duration),
    /// The body is bigger than allowed, as its length says.
    #[error("the body has {0} bytes, more than allowed")]
    TooLarge(u64),
    /// The server answered with an error status.
    #[error("the server answered {0}")]
    Status(u16),
    /// The answer is not of a type asked for.
    #[error("the answer is {0:?}, not what was asked for")]
    WrongType(String),
    /// The connection failed.
    #[error("{0}")]
    Network(String),
}

impl FetchError {
    /// Whether trying again later may help: a network failure, a timeout, a server error.
    pub fn is_passing(&self) -> bool {
        matches!(self, Self::TimedOut(_) | Self::Network(_)) || matches!(self, Self::Status(status) if *status >= 500)
    }
}

/// What was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Where it was read from, after redirects.
    pub url: Url,
    /// Its `Content-Type`, if it has one.
    pub content_type: Option<String>,
    /// Its bytes, at most the cap asked for (cut there when it goes on).
    pub body: Vec<u8>,
}

/// What a reading asks for.
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    /// The `Accept` header.
    pub accept: &'static str,
    /// Whether a `Content-Type` is one of those asked for.
    pub takes: fn(&str) -> bool,
    /// The most bytes read.
    pub max_bytes: usize,
    /// Whether a body past `max_bytes` is refused (pictures) or cut there (pages, whose head
    /// comes first).
    pub refuse_longer: bool,
}

/// Reads pages and pictures under a [`FetchPolicy`].
pub struct Fetcher {
    client: reqwest::Client,
    policy: Arc<FetchPolicy>,
}

impl Fetcher {
    /// A fetcher; `user_agent` names schrieb (and where it runs). Fails only when TLS cannot
    /// be set up.
    pub fn new(policy: FetchPolicy, user_agent: &str) -> Result<Self, reqwest::Error> {
        let policy = Arc::new(policy);
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(CheckedResolver { allowed: policy.allowed.clone() }))
            .connect_timeout(policy.deadline)
            .user_agent(user_agent)
            .build()?;
        Ok(Self { client, policy })
    }

    /// Reads `url` as `wanted` says, within the deadline.
    pub async fn get(&self, url: &str, wanted: Wanted) -> Result<Fetched, FetchError> {
        let deadline = self.policy.deadline;
        match tokio::time::timeout(deadline, self.follow(url, wanted)).await {
            Ok(read) => read,
            Err(_) => Err(FetchError::TimedOut(deadline)),
        }
    }

    async fn follow(&self, url: &str, wanted: Wanted) -> Result<Fetched, FetchError> {
        let mut url = Url::parse(url).map_err(|error| FetchError::Refused(format!("no URL: {error}")))?;
        for hop in 0..=MAX_REDIRECTS {
            check_url(&url, &self.policy)?;
            let response = self
                .client
                .get(url.clone())
                .header(ACCEPT, wanted.accept)
                .send()
                .await
                .map_err(|error| sent_error(&error))?;
            let status = response.status();
            if status.is_redirection() {
                if hop == MAX_REDIRECTS {
                    return Err(FetchError::TooManyRedirects);
                }
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|value| value.to_str().ok())
                    .ok_or(FetchError::Status(status.as_u16()))?;
                url = url.join(location).map_err(|error| FetchError::Refused(format!("redirect: {error}")))?;
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::Status(status.as_u16()));
            }
            let content_type =
                response.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned);
            let essence = content_type.as_deref().unwrap_or_default().split(';').next().unwrap_or_default().trim();
            if !(wanted.takes)(&essence.to_ascii_lowercase()) {
                return Err(FetchError::WrongType(essence.to_owned()));
            }
            if let Some(length) = response.content_length()
                && wanted.refuse_longer
                && length > wanted.max_bytes as u64
            {
                return Err(FetchError::TooLarge(length));
            }
            let (body, cut) = read_capped(response, wanted.max_bytes).await?;
            if cut && wanted.refuse_longer {
                return Err(FetchError::TooLarge(body.len() as u64));
            }
            return Ok(Fetched { url, content_type, body });
        }
        Err(FetchError::TooManyRedirects)
    }
}

/// The body up to `max` bytes, and whether there was more (the rest is never read).
async fn read_capped(mut response: reqwest::Response, max: usize) -> Result<(Vec<u8>, bool), FetchError> {
    let mut body = Vec::with_capacity(max.min(64 * 1024));
    while let Some(chunk) = response.chunk().await.map_err(|error| FetchError::Network(error_chain(&error)))? {
        let room = max - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

/// Whether `url` may be read: its scheme, port, credentials and (for a literal address) host.
pub fn check_url(url: &Url, policy: &FetchPolicy) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Refused(format!("the scheme {:?} is not read", url.scheme())));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(FetchError::Refused("links with a user name or password are not read".into()));
    }
    let port = url.port_or_known_default().unwrap_or(0);
    if !policy.ports.contains(&port) {
        return Err(FetchError::Refused(format!("port {port} is not read")));
    }
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(_)) => return Ok(()),
        None => return Err(FetchError::Refused("the link has no host".into())),
    };
    if may_connect(ip, &policy.allowed) { Ok(()) } else { Err(refused_address(ip)) }
}

fn refused_address(ip: IpAddr) -> FetchError {
    FetchError::Refused(format!("{ip} is no public address"))
}

/// A name refused by [`CheckedResolver`], as the connection's error carries it.
#[derive(Debug, thiserror::Error)]
#[error("{name} resolves to {address}, no public address")]
struct RefusedName {
    name: String,
    address: IpAddr,
}

/// What a failed request came to: a refused name is a refusal, anything else the network's.
fn sent_error(error: &reqwest::Error) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if let Some(refused) = cause.downcast_ref::<RefusedName>() {
            return FetchError::Refused(refused.to_string());
        }
        source = cause.source();
    }
    FetchError::Network(error_chain(error))
}

/// Resolves a name once and hands the connection exactly its addresses, unless one of them is
/// refused: then the whole name is (a name that answers with a public and a private address
/// could be steered to the private one).
struct CheckedResolver {
    allowed: AllowedRanges,
}

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allowed = self.allowed.clone();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            if found.is_empty() {
                return Err(format!("{} has no address", name.as_str()).into());
            }
            if let Some(bad) = found.iter().find(|address| !may_connect(address.ip(), &allowed)) {
                let refused: Box<dyn std::error::Error + Send + Sync> =
                    Box::new(RefusedName { name: name.as_str().to_owned(), address: bad.ip() });
                return Err(refused);
            }
            Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> FetchPolicy {
        FetchPolicy::default()
    }

    fn check(url: &str) -> Result<(), FetchError> {
        check_url(&Url::parse(url).unwrap(), &policy())
    }

    #[test]
    fn only_http_and_https_on_the_allowed_ports_without_credentials() {
        assert_eq!(check("https://example.org/a"), Ok(()));
        assert_eq!(check("http://example.org:80/a"), Ok(()));
        assert!(matches!(check("ftp://example.org/"), Err(FetchError::Refused(_))));
        assert!(matches!(check("file:///etc/passwd"), Err(FetchError::Refused(_))));
        assert!(matches!(check("gopher://example.org:70/"), Err(FetchError::Refused(_))));
        assert!(matches!(check("https://example.org:8443/"), Err(FetchError::Refused(_))));
        assert!(matches!(check("http://example.org:6379/"), Err(FetchError::Refused(_))));
        assert!(matches!(check("https://user:secret@example.org/"), Err(FetchError::Refused(_))));
    }

    #[test]
    fn literal_addresses_are_checked_in_every_notation() {
        for url in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0x7f.0.0.1/",
            "http://0177.0.0.01/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://[fd00:ec2::254]/",
            "http://10.0.0.1/",
        ] {
            assert!(matches!(check(url), Err(FetchError::Refused(_))), "{url}");
        }
        assert_eq!(check("http://93.184.215.14/"), Ok(()));
    }

    #[test]
    fn allowed_ranges_and_ports_open_a_test_server() {
        let open = FetchPolicy {
            allowed: AllowedRanges::parse("127.0.0.2/32").unwrap(),
            ports: vec![8080],
            ..FetchPolicy::default()
        };
        assert_eq!(check_url(&Url::parse("http://127.0.0.2:8080/").unwrap(), &open), Ok(()));
        assert!(check_url(&Url::parse("http://127.0.0.1:8080/").unwrap(), &open).is_err());
    }

    #[tokio::test]
    async fn a_name_resolving_to_loopback_is_refused_before_any_connection() {
        let open_port = FetchPolicy { ports: vec![80, 443, 1], ..FetchPolicy::default() };
        let fetcher = Fetcher::new(open_port, "schrieb-test").unwrap();
        let wanted = Wanted { accept: "text/html", takes: |_| true, max_bytes: 1024, refuse_longer: false };
        let error = fetcher.get("http://localhost:1/", wanted).await.unwrap_err();
        let FetchError::Refused(message) = error else { panic!("{error:?}") };
        assert!(message.contains("no public address"), "{message}");
    }
}
