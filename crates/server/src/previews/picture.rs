//! A card's picture: sniffed by its bytes (not by what the server said it is), limited in size
//! and pixels before it is decoded, then scaled down and re-encoded here, so that what readers
//! get is a plain JPEG or PNG made by schrieb (no metadata, no scripts, no polyglots).

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use crate::db::StoredPicture;

/// The most bytes of a picture read.
pub const MAX_PICTURE_BYTES: usize = 5 * 1024 * 1024;

/// The most pixels of a picture decoded (a 1 KB file can claim a gigapixel).
pub const MAX_PIXELS: u64 = 24_000_000;

/// The side of a picture as stored, square: cards show it in a 96 × 96 box (cropped to fill it),
/// twice that for sharp screens. Cropped here, the reader downloads no pixel the box hides.
pub const STORED_SIDE: u32 = 192;

/// Pictures smaller than this on a side are no pictures (tracking pixels, spacers).
pub const MIN_SIDE: u32 = 16;

/// Why a picture was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    /// Its bytes are of no format taken (SVG, or not a picture at all).
    #[error("not a PNG, JPEG, GIF, WebP or ICO picture")]
    Format,
    /// Too many pixels, or too few.
    #[error("{0}×{1} pixels is no size taken")]
    Size(u32, u32),
    /// It does not decode.
    #[error("the picture does not decode: {0}")]
    Broken(String),
}

/// The formats taken, as their bytes tell.
const FORMATS: [ImageFormat; 5] =
    [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Gif, ImageFormat::WebP, ImageFormat::Ico];

/// `bytes` checked and re-encoded: its middle square, at most [`STORED_SIDE`] a side, a JPEG
/// when it is opaque and a PNG when it has transparency, named by the SHA-256 of what is
/// stored.
pub fn reencode(bytes: &[u8]) -> Result<StoredPicture, PictureError> {
    let format = image::guess_format(bytes).map_err(|_| PictureError::Format)?;
    if !FORMATS.contains(&format) {
        return Err(PictureError::Format);
    }
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|error| PictureError::Broken(error.to_string()))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width < MIN_SIDE || height < MIN_SIDE {
        return Err(PictureError::Size(width, height));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (1 << 20));
    reader.limits(limits);
    let decoded = reader.decode().map_err(|error| PictureError::Broken(error.to_string()))?;
    // The middle square, at most `STORED_SIDE` a side: what the card's box shows.
    let side = STORED_SIDE.min(width).min(height);
    let scaled = if (width, height) == (side, side) {
        decoded
    } else {
        decoded.resize_to_fill(side, side, image::imageops::FilterType::Triangle)
    };
    encode(&scaled)
}

fn encode(picture: &DynamicImage) -> Result<StoredPicture, PictureError> {
    let transparent = picture.color().has_alpha() && picture.to_rgba8().pixels().any(|pixel| pixel.0[3] < 255);
    let mut out = Cursor::new(Vec::new());
    let (content_type, extension) = if transparent {
        picture
            .to_rgba8()
            .write_to(&mut out, ImageFormat::Png)
            .map_err(|error| PictureError::Broken(error.to_string()))?;
        ("image/png", "png")
    } else {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
        picture.to_rgb8().write_with_encoder(encoder).map_err(|error| PictureError::Broken(error.to_string()))?;
        ("image/jpeg", "jpg")
    };
    let bytes = out.into_inner();
    let digest = Sha256::digest(&bytes);
    let name = format!("{}.{extension}", digest.iter().map(|byte| format!("{byte:02x}")).collect::<String>());
    Ok(StoredPicture {
        name,
        content_type: content_type.to_owned(),
        bytes,
        width: picture.width(),
        height: picture.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use schrieb_api::is_picture_name;

    fn png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
        let picture = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, alpha]));
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_large_photo_becomes_a_small_square_jpeg_named_by_its_hash() {
        let stored = reencode(&png(1200, 630, 255)).unwrap();
        assert_eq!(stored.content_type, "image/jpeg");
        assert_eq!((stored.width, stored.height), (192, 192));
        assert_eq!(image::load_from_memory(&stored.bytes).unwrap().width(), 192);
        let banner = reencode(&png(500, 100, 255)).unwrap();
        assert_eq!((banner.width, banner.height), (100, 100), "the middle square of a banner");
        assert!(stored.bytes.starts_with(&[0xFF, 0xD8, 0xFF]), "a JPEG");
        assert!(is_picture_name(&stored.name) && stored.name.ends_with(".jpg"), "{}", stored.name);
        assert_eq!(reencode(&png(1200, 630, 255)).unwrap().name, stored.name, "the same picture, the same name");
    }

    #[test]
    fn transparency_is_kept_as_png() {
        let stored = reencode(&png(64, 64, 100)).unwrap();
        assert_eq!((stored.content_type.as_str(), stored.width), ("image/png", 64));
        assert!(stored.name.ends_with(".png"));
    }

    #[test]
    fn the_bytes_decide_the_format_not_the_name_or_header() {
        assert_eq!(
            reencode(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
            Err(PictureError::Format)
        );
        assert_eq!(reencode(b"<html><body>not a picture</body></html>"), Err(PictureError::Format));
        assert_eq!(reencode(b""), Err(PictureError::Format));
        // A PNG signature with nothing valid behind it.
        let mut broken = png(32, 32, 255);
        broken.truncate(40);
        assert!(matches!(reencode(&broken), Err(PictureError::Broken(_))));
    }

    #[test]
    fn pixel_bombs_and_tracking_pixels_are_refused_before_decoding() {
        // A PNG header claiming 100000×100000 pixels: refused by its header alone.
        let mut bomb = png(32, 32, 255);
        bomb[16..20].copy_from_slice(&100_000_u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000_u32.to_be_bytes());
        // The header's checksum made anew, so that only its size is wrong.
        let mut crc = flate2::Crc::new();
        crc.update(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.sum().to_be_bytes());
        assert_eq!(reencode(&bomb), Err(PictureError::Size(100_000, 100_000)));
        assert_eq!(reencode(&png(1, 1, 255)), Err(PictureError::Size(1, 1)));
    }

    #[test]
    fn picture_names_are_what_reencode_makes() {
        assert!(is_picture_name(&format!("{}.png", "a".repeat(64))));
        assert!(!is_picture_name(&format!("{}.svg", "a".repeat(64))));
        assert!(!is_picture_name("../../etc/passwd"));
        assert!(!is_picture_name(&format!("{}.jpg", "A".repeat(64))));
    }
}
