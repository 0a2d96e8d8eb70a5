//! JSON exports read an element at a time: the elements of a top-level array, or of the arrays
//! under named keys of a top-level object, are handed over one by one as serde reads them,
//! never the whole document at once. The reading runs on a blocking thread (serde's reader is
//! synchronous) and hands elements to the import through a bounded channel.

use std::fmt;
use std::io::Read;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use tokio::sync::mpsc;

use super::PortableError;

/// Elements read ahead of the import at most.
const AHEAD: usize = 1_024;

/// An element of one of the two arrays of an object: the first key's or the second's.
#[derive(Debug)]
pub enum Either<A, B> {
    /// Of the first array.
    First(A),
    /// Of the second.
    Second(B),
}

/// Reads the elements of the top-level array in `input`.
pub fn array<T: DeserializeOwned + Send + 'static>(
    input: impl Read + Send + 'static,
) -> mpsc::Receiver<Result<T, PortableError>> {
    let (sender, receiver) = mpsc::channel(AHEAD);
    tokio::task::spawn_blocking(move || {
        let mut deserializer = serde_json::Deserializer::from_reader(input);
        let sink = Elements::new(&sender, |item: T| item);
        if let Err(error) = sink.deserialize(&mut deserializer) {
            let _ = sender.blocking_send(Err(malformed(&error)));
        }
    });
    receiver
}

/// Reads the elements of the arrays under `first` and `second` of the top-level object in
/// `input` (other keys are skipped).
pub fn object<A, B>(
    input: impl Read + Send + 'static,
    first: &'static str,
    second: &'static str,
) -> mpsc::Receiver<Result<Either<A, B>, PortableError>>
where
    A: DeserializeOwned + Send + 'static,
    B: DeserializeOwned + Send + 'static,
{
    let (sender, receiver) = mpsc::channel(AHEAD);
    tokio::task::spawn_blocking(move || {
        let mut deserializer = serde_json::Deserializer::from_reader(input);
        let sink = Fields::<A, B> { sender: &sender, first, second, _elements: PhantomData };
        if let Err(error) = deserializer.deserialize_map(sink) {
            let _ = sender.blocking_send(Err(malformed(&error)));
        }
    });
    receiver
}

fn malformed(error: &serde_json::Error) -> PortableError {
    PortableError::Malformed { line: u64::try_from(error.line()).unwrap_or(0), reason: error.to_string() }
}

/// Hands each element of an array to the channel, as `wrap` makes it.
struct Elements<'s, T, U, F> {
    sender: &'s mpsc::Sender<Result<U, PortableError>>,
    wrap: F,
    _element: PhantomData<T>,
}

impl<'s, T, U, F> Elements<'s, T, U, F> {
    fn new(sender: &'s mpsc::Sender<Result<U, PortableError>>, wrap: F) -> Self {
        Self { sender, wrap, _element: PhantomData }
    }
}

impl<'de, T, U, F> DeserializeSeed<'de> for Elements<'_, T, U, F>
where
    T: DeserializeOwned,
    F: Fn(T) -> U,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T, U, F> Visitor<'de> for Elements<'_, T, U, F>
where
    T: DeserializeOwned,
    F: Fn(T) -> U,
{
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an array")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            if self.sender.blocking_send(Ok((self.wrap)(item))).is_err() {
                // The import stopped: nobody reads on.
                return Err(serde::de::Error::custom("the import stopped"));
            }
        }
        Ok(())
    }
}

/// Hands the elements of two named arrays of an object to the channel.
struct Fields<'s, A, B> {
    sender: &'s mpsc::Sender<Result<Either<A, B>, PortableError>>,
    first: &'static str,
    second: &'static str,
    _elements: PhantomData<(A, B)>,
}

impl<'de, A: DeserializeOwned, B: DeserializeOwned> Visitor<'de> for Fields<'_, A, B> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == self.first {
                map.next_value_seed(Elements::new(self.sender, Either::<A, B>::First))?;
            } else if key == self.second {
                map.next_value_seed(Elements::new(self.sender, Either::<A, B>::Second))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}
