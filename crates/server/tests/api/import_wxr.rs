//! `schrieb-server import --from wordpress`: WXR files of versions 1.0 and 1.2, built here,
//! with comments on a post and on a page, a reply listed before its parent, a comment waiting
//! for approval (it waits here too), spam, trash and a pingback (left out), a registered
//! author and guests, a zero GMT date, text with WordPress's paragraphs and inline HTML.

use std::io::Cursor;

use schrieb_api::{CommentState, Role};
use schrieb_server::portable::foreign::ForeignOptions;
use schrieb_server::portable::wxr::import;

use crate::helpers::TestApp;

/// One `<wp:comment>`: id, parent, author, email, user id, date (GMT), approved, type, content.
type Comment<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str);

fn wxr(version: &str) -> Vec<u8> {
    let items: [(&str, &str, &str, &[Comment<'_>]); 3] = [
        (
            "11",
            "post",
            "https://blog.example/2024/01/hallo-welt/",
            &[
                ("102", "101", "Bernd", "", "0", "2024-01-01 11:00:00", "1", "", "Danke, Anna!\nZweite Zeile."),
                (
                    "101",
                    "0",
                    "Anna",
                    "anna@example.org",
                    "3",
                    "2024-01-01 10:30:00",
                    "1",
                    "comment",
                    "Erster!\n\nMit <em>Absatz</em> &amp; Umlauten: äöü",
                ),
                ("103", "0", "Spam", "", "0", "2024-01-01 11:10:00", "spam", "", "Kaufen"),
                ("104", "0", "Weg", "", "0", "2024-01-01 11:20:00", "trash", "", "gelöscht"),
                ("105", "0", "Anderes Blog", "", "0", "2024-01-01 11:30:00", "1", "pingback", "[…] verlinkt […]"),
                ("106", "0", "Wartend", "", "0", "0000-00-00 00:00:00", "0", "", "Bitte freischalten"),
                ("107", "101", "Чжан", "", "0", "2024-01-01 12:00:00", "1", "", "你好 <script>x</script>"),
            ],
        ),
        (
            "12",
            "page",
            "https://blog.example/impressum/",
            &[("201", "0", "Carla", "", "0", "2024-02-01 09:00:00", "1", "", "Eine Seite mit Kommentar")],
        ),
        ("13", "post", "https://blog.example/ohne-kommentare/", &[]),
    ];
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:wp=\"http://wordpress.org/export/{version}/\">\n<channel><title>Blog</title><link>https://blog.example</link>\
         <wp:wxr_version>{version}</wp:wxr_version>\n"
    );
    for (id, kind, link, comments) in items {
        xml.push_str(&format!(
            "<item><title>Beitrag {id}</title><link>{link}</link><pubDate>Mon, 01 Jan 2024 09:00:00 +0000</pubDate>\
             <dc:creator><![CDATA[admin]]></dc:creator><content:encoded><![CDATA[<p>Text</p>]]></content:encoded>\
             <wp:post_id>{id}</wp:post_id><wp:post_date_gmt>2024-01-01 09:00:00</wp:post_date_gmt>\
             <wp:comment_status>open</wp:comment_status><wp:post_type>{kind}</wp:post_type>\n"
        ));
        for (cid, parent, author, email, user, date, approved, kind, content) in comments {
            xml.push_str(&format!(
                "<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author><![CDATA[{author}]]></wp:comment_author>\
                 <wp:comment_author_email>{email}</wp:comment_author_email><wp:comment_author_IP>::ffff:192.0.2.1</wp:comment_author_IP>\
                 <wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{date}</wp:comment_date_gmt>\
                 <wp:comment_content><![CDATA[{content}]]></wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved>\
                 <wp:comment_type>{kind}</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>\
                 <wp:comment_user_id>{user}</wp:comment_user_id>\
                 <wp:commentmeta><wp:meta_key>akismet_result</wp:meta_key><wp:meta_value>false</wp:meta_value></wp:commentmeta>\
                 </wp:comment>\n"
            ));
        }
        xml.push_str("</item>\n");
    }
    xml.push_str("</channel></rss>\n");
    xml.into_bytes()
}

fn options() -> ForeignOptions {
    ForeignOptions { site: "Blog".into(), ..ForeignOptions::default() }
}

#[tokio::test]
async fn wordpress_comments_of_every_post_type_come_over() {
    for version in ["1.0", "1.2"] {
        let app = TestApp::empty().await;
        let report = import(app.repository.as_ref(), Cursor::new(wxr(version)), &options(), &|_| {}).await.unwrap();
        assert_eq!((report.threads, report.comments, report.people), (2, 5, 1), "WXR {version}: {report:?}");
        assert_eq!(report.skipped.get("marked as spam"), Some(&1));
        assert_eq!(report.skipped.get("pingbacks and trackbacks"), Some(&1));
        assert_eq!(report.skipped.get("deleted, and answered by nobody"), Some(&1));
        app.settle().await;
        let articles = app.articles().await.items;
        assert_eq!(articles.len(), 2, "the post without comments is not a thread");
        let post = articles.iter().find(|article| article.title == "Beitrag 11").expect("the post");
        let thread = app.comment_page(post.slug.as_str(), "1").await.items;
        let names: Vec<&str> = thread.iter().map(|comment| comment.author.display_name.as_str()).collect();
        assert_eq!(names, ["Anna", "Bernd", "Чжан"]);
        assert_eq!(thread[0].body, "Erster!\n\nMit *Absatz* & Umlauten: äöü");
        assert!(thread[1].body.starts_with(&format!("[quote={} author=\"Anna\"]\nErster!", thread[0].id.0)));
        assert!(thread[1].body.ends_with("Danke, Anna!\nZweite Zeile."), "{}", thread[1].body);
        assert!(thread[2].body.ends_with("你好"), "{}", thread[2].body);
        // The comment that waited for approval waits here, for moderators.
        let moderator = app.user("Moderatorin", Role::Moderator).await;
        let seen: schrieb_api::CommentPage = app
            .send(
                reqwest::Method::GET,
                &schrieb_api::paths::api::article_comments_page(&post.slug, 1),
                Some(&moderator),
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        let held: Vec<&str> = seen.held.iter().map(|comment| comment.body.as_str()).collect();
        assert_eq!(held, ["Bitte freischalten"]);
        assert_eq!(seen.held[0].state, CommentState::Pending);
        let page = articles.iter().find(|article| article.title == "Beitrag 12").expect("the page");
        assert_eq!(app.comment_page(page.slug.as_str(), "1").await.items.len(), 1);
    }
}

/// `export --format wxr` writes what a WordPress reader takes: the demo written out and read back
/// by schrieb's own WordPress reader is the same threads, replies under their parents again
/// (and so quoting them), a deleted comment's words left behind.
#[tokio::test]
async fn the_demo_leaves_as_wxr_and_comes_back() {
    let demo = TestApp::with_demo().await;
    let reader = demo.user("Leserin", Role::Reader).await;
    let gone = demo.posted("pergola-lizenzwechsel", &reader, "Geheimnis, das gelöscht wird.").await;
    assert_eq!(demo.delete_comment(gone.comment.id, Some(&reader)).await.status().as_u16(), 204);
    let mut file = Vec::new();
    let exported =
        schrieb_server::portable::wxr_export::wxr(demo.repository.as_ref(), "schrieb Demo", &mut file).await.unwrap();
    assert_eq!((exported.articles, exported.comments), (2, 60));
    let text = String::from_utf8(file.clone()).unwrap();
    assert!(!text.contains("Geheimnis"), "a deleted comment's words stay behind");
    assert!(text.contains("<wp:comment_approved>trash</wp:comment_approved>"));

    let back = TestApp::empty().await;
    let report = import(back.repository.as_ref(), Cursor::new(file), &options(), &|_| {}).await.unwrap();
    // The deleted comment nobody answered is left out, as every import leaves such out.
    assert_eq!((report.threads, report.comments), (2, 59), "{report:?}");
    back.settle().await;
    for article in demo.articles().await.items {
        let original = demo.comment_page(article.slug.as_str(), "1").await.items;
        let url: serde_json::Value =
            demo.get(&schrieb_api::paths::api::article(&article.slug)).await.json().await.unwrap();
        let copy = back
            .articles()
            .await
            .items
            .into_iter()
            .find(|candidate| candidate.title == article.title)
            .expect("the thread came back");
        let copied: serde_json::Value =
            back.get(&schrieb_api::paths::api::article(&copy.slug)).await.json().await.unwrap();
        assert_eq!(copied["canonical_url"], url["canonical_url"]);
        let returned = back.comment_page(copy.slug.as_str(), "1").await.items;
        let names = |comments: &[schrieb_api::Comment]| {
            comments.iter().map(|comment| comment.author.display_name.clone()).collect::<Vec<_>>()
        };
        assert_eq!(names(&returned), names(&original), "{}", article.title);
        // A reply quoted its parent here, is its child there, and quotes it here again.
        for (before, after) in original.iter().zip(&returned) {
            assert_eq!(before.quotes.is_empty(), after.quotes.is_empty(), "{}", before.body);
        }
    }
}
