//! The reply editor's toolbar and shortcuts on a real textarea: a selection goes in, the text
//! and the selection that come out are checked, including characters wider than one UTF-16
//! unit; the preview and the validation follow the text.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use chrono::Utc;
use leptos::html::Textarea;
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_web::components::editor::MarkupEditor;
use schrieb_web::i18n::Locale;
use support::{Fixture, container, settle, text_of};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

struct Editor {
    root: HtmlElement,
    area: HtmlTextAreaElement,
    text: RwSignal<String>,
}

async fn editor() -> Editor {
    let root = container();
    let text = RwSignal::new(String::new());
    let textarea = NodeRef::<Textarea>::new();
    let handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=Locale::de now=Utc::now()>
                <form>
                    <MarkupEditor text=text textarea=textarea id="t" label=Signal::stored("Text".to_owned())/>
                </form>
            </Fixture>
        }
    });
    handle.forget();
    settle().await;
    let area = root.query_selector("textarea").unwrap().unwrap().unchecked_into();
    Editor { root, area, text }
}

/// `marked` with `«…»` around the selection (or `|` for a caret) into the textarea.
fn set(editor: &Editor, marked: &str) {
    let (text, start, end) = match marked.find('|') {
        Some(at) => (marked.replacen('|', "", 1), at, at),
        None => {
            let start = marked.find('«').unwrap();
            let end = marked.find('»').unwrap() - '«'.len_utf8();
            (marked.replacen('«', "", 1).replacen('»', "", 1), start, end)
        }
    };
    editor.area.set_value(&text);
    let units = |bytes: usize| text[..bytes].encode_utf16().count() as u32;
    editor.area.set_selection_range(units(start), units(end)).unwrap();
}

/// The textarea's text with its selection marked like [`set`] takes it.
fn get(editor: &Editor) -> String {
    let value = editor.area.value();
    let units: Vec<u16> = value.encode_utf16().collect();
    let start = editor.area.selection_start().unwrap().unwrap() as usize;
    let end = editor.area.selection_end().unwrap().unwrap() as usize;
    let part = |range: std::ops::Range<usize>| String::from_utf16(&units[range]).unwrap();
    if start == end {
        return format!("{}|{}", part(0..start), part(start..units.len()));
    }
    format!("{}«{}»{}", part(0..start), part(start..end), part(end..units.len()))
}

fn click(editor: &Editor, label_start: &str) {
    let buttons = editor.root.query_selector_all(".editor-toolbar button").unwrap();
    let button: HtmlElement = (0..buttons.length())
        .map(|i| buttons.item(i).unwrap().unchecked_into::<HtmlElement>())
        .find(|button| button.get_attribute("aria-label").unwrap_or_default().starts_with(label_start))
        .unwrap_or_else(|| panic!("no button {label_start}"));
    button.click();
}

fn press(editor: &Editor, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    editor.area.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn toolbar_buttons_transform_the_selection() {
    let editor = editor().await;
    let cases = [
        ("Fett", "Hallo «Welt»!", "Hallo **«Welt»**!"),
        ("Fett", "Hallo **«Welt»**!", "Hallo «Welt»!"),
        ("Kursiv", "Grüße «an Jörg» 👋", "Grüße *«an Jörg»* 👋"),
        ("Durchgestrichen", "👋 «alt» neu", "👋 ~~«alt»~~ neu"),
        ("Link", "Siehe «die Doku».", "Siehe [die Doku](«https://»)."),
        ("Link", "«https://example.org»", "[|](https://example.org)"),
        ("Zitat", "ei«n»s\nzwei", "«> eins»\nzwei"),
        ("Code", "nimm «let x» hier", "nimm `«let x»` hier"),
        ("Code", "«a\nb»", "```\n«a\nb»\n```"),
        ("Liste", "«eins\nzwei»", "«- eins\n- zwei»"),
        ("Fett", "Hallo |", "Hallo **|**"),
    ];
    for (button, before, after) in cases {
        set(&editor, before);
        click(&editor, button);
        settle().await;
        assert_eq!(get(&editor), after, "{button} on {before:?}");
        assert_eq!(editor.text.get_untracked(), editor.area.value(), "the binding follows");
    }
}

#[wasm_bindgen_test]
async fn shortcuts_format_and_the_preview_follows() {
    let editor = editor().await;
    set(&editor, "Das ist «wichtig»");
    press(&editor, "b");
    settle().await;
    assert_eq!(get(&editor), "Das ist **«wichtig»**");
    assert_eq!(text_of(&editor.root, ".editor__preview strong"), "wichtig");
    press(&editor, "i");
    settle().await;
    assert_eq!(get(&editor), "Das ist ***«wichtig»***");
    set(&editor, "«Quelle»");
    press(&editor, "k");
    settle().await;
    assert_eq!(get(&editor), "[Quelle](«https://»)");
}

#[wasm_bindgen_test]
async fn the_shared_rules_are_checked_as_you_type() {
    let editor = editor().await;
    let links: String = (0..21).map(|n| format!("https://example.org/{n} ")).collect();
    editor.text.set(links);
    settle().await;
    assert_eq!(
        text_of(&editor.root, ".editor__problem"),
        "Ein Beitrag darf höchstens 20 Links enthalten; dieser hat 21."
    );
    editor.text.set("x".repeat(20_001));
    settle().await;
    assert_eq!(
        text_of(&editor.root, ".editor__problem"),
        "Ein Beitrag darf höchstens 20.000 Zeichen haben; dieser hat 20.001."
    );
    assert!(editor.root.query_selector(".editor__count--over").unwrap().is_some());
    editor.text.set("Alles gut.".into());
    settle().await;
    assert_eq!(text_of(&editor.root, ".editor__problem"), "");
    assert_eq!(text_of(&editor.root, ".editor__preview .markup p"), "Alles gut.");
}
