//! The embed page normalizes the host page's address with the browser's URL parser (to keep
//! the `url` crate out of the download); the server keys threads with `PageUrl::parse`. Both
//! must agree, or a page would find another thread than the server makes for it.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use schrieb_api::PageUrl;
use schrieb_web::pages::page_url;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_browser_and_the_server_read_page_addresses_alike() {
    let addresses = [
        "https://blog.example/2026/hallo",
        "HTTPS://Blog.Example:443/2026/Hallo?utm_source=x#kommentare",
        "http://localhost:8080",
        "http://localhost:8080/",
        "https://blog.example/a/../b/./c",
        "https://Bücher.example/ä ö",
        "https://blog.example/%7Euser/",
        "  https://blog.example/x  ",
        "https://user:secret@blog.example/x",
        "ftp://blog.example/x",
        "javascript:alert(1)",
        "/nur/ein/pfad",
        "",
        "https://",
    ];
    for address in addresses {
        let browser = page_url(address).map(|url| url.as_str().to_owned());
        let server = PageUrl::parse(address).ok().map(|url| url.as_str().to_owned());
        assert_eq!(browser, server, "{address:?}");
    }
}
