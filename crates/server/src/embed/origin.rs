//! The origins a site's pages are served from, as `schrieb-server site add` registers them,
//! and the snippet a site owner puts on their pages.

use schrieb_api::{PageUrl, PageUrlError};

/// Why an origin was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    /// Not an absolute address.
    #[error("{0:?} is not an origin such as https://blog.example")]
    Invalid(String),
    /// Not `http` or `https`.
    #[error("{0:?}: an origin starts with http:// or https://")]
    Scheme(String),
    /// A user name or password before the host.
    #[error("{0:?}: an origin has no user name or password")]
    Userinfo(String),
    /// A path, query or fragment: an origin is the whole site, not a part of it.
    #[error("{0:?}: an origin is scheme://host[:port] only, without a path, query or fragment")]
    NotBare(String),
}

/// `raw` as browsers write a page's origin: `scheme://host[:port]`, lower case, without the
/// default port. A trailing `/` is allowed; any other path, a query or a fragment is not.
pub fn site_origin(raw: &str) -> Result<String, OriginError> {
    let trimmed = raw.trim();
    let parsed = url::Url::parse(trimmed).map_err(|_| OriginError::Invalid(raw.to_owned()))?;
    let page = PageUrl::parse(trimmed).map_err(|error| match error {
        PageUrlError::Scheme => OriginError::Scheme(raw.to_owned()),
        PageUrlError::Userinfo => OriginError::Userinfo(raw.to_owned()),
        PageUrlError::Invalid | PageUrlError::TooLong => OriginError::Invalid(raw.to_owned()),
    })?;
    if parsed.path() != "/" || parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(OriginError::NotBare(raw.to_owned()));
    }
    // The same normalization that keys threads, so `Origin`, page addresses and this agree.
    Ok(page.origin().to_owned())
}

/// What a site owner puts where the comments should appear, served from `public_origin`.
pub fn snippet(public_origin: &str) -> String {
    format!("<div id=\"schrieb\"></div>\n<script src=\"{public_origin}/embed.js\" async></script>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_written_as_browsers_send_them() {
        assert_eq!(site_origin("https://blog.example").unwrap(), "https://blog.example");
        assert_eq!(site_origin(" HTTPS://Blog.Example/ ").unwrap(), "https://blog.example");
        assert_eq!(site_origin("https://blog.example:443").unwrap(), "https://blog.example");
        assert_eq!(site_origin("http://localhost:8080").unwrap(), "http://localhost:8080");
        assert_eq!(site_origin("https://Bücher.example").unwrap(), "https://xn--bcher-kva.example");
    }

    #[test]
    fn anything_but_a_bare_origin_is_refused() {
        for raw in ["https://blog.example/blog", "https://blog.example/?x=1", "https://blog.example#top"] {
            assert_eq!(site_origin(raw), Err(OriginError::NotBare(raw.to_owned())), "{raw}");
        }
        assert_eq!(site_origin("ftp://blog.example"), Err(OriginError::Scheme("ftp://blog.example".into())));
        assert_eq!(site_origin("blog.example"), Err(OriginError::Invalid("blog.example".into())));
        assert_eq!(
            site_origin("https://a:b@blog.example"),
            Err(OriginError::Userinfo("https://a:b@blog.example".into()))
        );
        assert!(site_origin("ftp://blog.example").unwrap_err().to_string().contains("http:// or https://"));
    }

    #[test]
    fn the_snippet_loads_the_script_from_schrieb() {
        assert_eq!(
            snippet("https://comments.example"),
            "<div id=\"schrieb\"></div>\n<script src=\"https://comments.example/embed.js\" async></script>"
        );
    }
}
