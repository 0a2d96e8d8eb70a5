//! Where an export goes: a file, standard output or an HTTP response, each written to
//! asynchronously. The exports write each line or thread into a buffer with `std::io::Write`
//! (`serde_json`, `writeln!`) and hand it on in pieces, so a slow reader of a download holds
//! the export back instead of it piling up in memory.

use tokio::io::{AsyncWrite, AsyncWriteExt};

/// How much is gathered before it is handed on.
const PIECE: usize = 64 * 1024;

/// A buffer in front of an asynchronous writer.
pub struct Sink<'a> {
    buf: Vec<u8>,
    out: &'a mut (dyn AsyncWrite + Unpin + Send),
}

impl<'a> Sink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: &'a mut (dyn AsyncWrite + Unpin + Send)) -> Self {
        Self { buf: Vec::with_capacity(PIECE), out }
    }

    /// The buffer to write the next lines into.
    pub fn buf(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// Hands the buffer on once a piece is full.
    pub async fn ready(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= PIECE {
            self.out.write_all(&self.buf).await?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Hands on the rest and flushes the writer.
    pub async fn finish(self) -> std::io::Result<()> {
        self.out.write_all(&self.buf).await?;
        self.out.flush().await
    }
}
