//! The XML exports' common ground: a stream of opening tags, text and closing tags, with the
//! text of entities, character references and CDATA sections resolved, and whatever comes
//! before the first `<` (a byte order mark, a server's banner) skipped.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

use super::PortableError;

/// What the stream holds next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// An element opens (an empty one opens and then closes: [`Piece::Close`] follows).
    Open {
        /// Its name without a namespace prefix (`comment` for `wp:comment`).
        name: String,
        /// Its `id` attribute in any namespace (`dsq:id`), trimmed, if not empty.
        id: Option<String>,
    },
    /// Text inside the innermost open element.
    Text(String),
    /// The innermost open element closes.
    Close,
}

/// A stream of [`Piece`]s read from an XML file.
pub struct XmlStream<R: BufRead> {
    reader: quick_xml::Reader<R>,
    buffer: Vec<u8>,
    /// An empty element's close, owed after its open.
    owed_close: bool,
}

impl<R: BufRead> XmlStream<R> {
    /// A stream over `input`, past anything before its first `<`.
    pub fn new(mut input: R) -> Result<Self, PortableError> {
        skip_to_markup(&mut input)?;
        let mut reader = quick_xml::Reader::from_reader(input);
        reader.config_mut().trim_text(false);
        Ok(Self { reader, buffer: Vec::new(), owed_close: false })
    }

    /// The next piece; `None` at the end.
    pub fn next_piece(&mut self) -> Result<Option<Piece>, PortableError> {
        if std::mem::take(&mut self.owed_close) {
            return Ok(Some(Piece::Close));
        }
        loop {
            self.buffer.clear();
            let event = self.reader.read_event_into(&mut self.buffer).map_err(|error| PortableError::Malformed {
                line: 0,
                reason: format!("at byte {}: {error}", self.reader.buffer_position()),
            })?;
            let piece = match event {
                Event::Start(start) => opened(&start),
                Event::Empty(empty) => {
                    self.owed_close = true;
                    opened(&empty)
                }
                Event::End(_) => Piece::Close,
                Event::Text(text) => Piece::Text(text.to_string()),
                Event::CData(data) => Piece::Text(data.to_string()),
                Event::GeneralRef(reference) => Piece::Text(match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name: &str = &reference;
                        // HTML's own entities (`&nbsp;`) stay, for the HTML reader of a body.
                        quick_xml::escape::resolve_predefined_entity(name)
                            .map_or_else(|| format!("&{name};"), str::to_owned)
                    }
                }),
                Event::Eof => return Ok(None),
                _ => continue,
            };
            return Ok(Some(piece));
        }
    }
}

fn opened(start: &BytesStart<'_>) -> Piece {
    let id = start
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == "id")
        .map(|attribute| attribute.value.trim().to_owned())
        .filter(|id| !id.is_empty());
    Piece::Open { name: start.local_name().as_ref().to_owned(), id }
}

/// Skips a byte order mark and anything else before the first `<`.
fn skip_to_markup(input: &mut impl BufRead) -> Result<(), PortableError> {
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(());
        }
        match available.iter().position(|byte| *byte == b'<') {
            Some(at) => {
                input.consume(at);
                return Ok(());
            }
            None => {
                let all = available.len();
                input.consume(all);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_comes_whole_from_entities_references_and_cdata() {
        let xml = "\u{feff}junk<a x:id=\" 7 \"><b/>Gru&#223; &amp; <![CDATA[<p>Kuss</p>]]>&nbsp;</a>";
        let mut stream = XmlStream::new(xml.as_bytes()).unwrap();
        let mut pieces = Vec::new();
        while let Some(piece) = stream.next_piece().unwrap() {
            pieces.push(piece);
        }
        let text = |text: &str| Piece::Text(text.to_owned());
        assert_eq!(
            pieces,
            [
                Piece::Open { name: "a".into(), id: Some("7".into()) },
                Piece::Open { name: "b".into(), id: None },
                Piece::Close,
                text("Gru"),
                text("ß"),
                text(" "),
                text("&"),
                text(" "),
                text("<p>Kuss</p>"),
                text("&nbsp;"),
                Piece::Close,
            ]
        );
    }
}
