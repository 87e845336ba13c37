//! A meeting photo as uploaded from a phone: checked by its bytes, decoded (bounded in pixels and
//! memory), turned upright, and written again as a plain JPEG with a thumbnail — so what is
//! stored and served holds pixels only, never a script, a second file or the camera's metadata.
//! The capture time and place are read from EXIF first and kept beside the photo for reviewers.

use crate::error::ServiceResult;
use std::io::Cursor;

use domain::ErrorCode;
use image::{codecs::jpeg::JpegEncoder, DynamicImage, ImageDecoder, ImageReader, Limits};

/// Phones write 3–8 MB photos; more is not a photo from a phone.
pub const MAX_PHOTO_BYTES: usize = 12 * 1024 * 1024;
/// Longest side kept: plenty for a record, a fraction of the original's size.
const FULL_SIDE: u32 = 1600;
const THUMB_SIDE: u32 = 320;

#[derive(Debug)]
pub struct Processed {
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// `2026-11-29T09:30`, the camera's clock (phones keep local time).
    pub taken_at: Option<String>,
    /// `北纬 26.12345，东经 112.12345`.
    pub place: Option<String>,
}

/// A processed photo in the file store: the picture and its thumbnail, named by content under
/// `purpose/` (a retried upload rewrites the same names).
pub struct Stored {
    pub key: crate::files::FileKey,
    pub thumb: crate::files::FileKey,
    /// Bytes of the picture and of the thumbnail.
    pub sizes: (i64, i64),
    pub width: u32,
    pub height: u32,
    pub taken_at: Option<String>,
    pub place: Option<String>,
}

pub async fn store(
    files: &crate::files::SharedFileStore,
    purpose: &str,
    photo: Processed,
) -> ServiceResult<Stored> {
    use sha2::{Digest, Sha256};
    let hex: String = Sha256::digest(&photo.full)
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    let key = crate::files::FileKey::parse(&format!("{purpose}/{hex}.jpg"))?;
    let thumb = crate::files::FileKey::parse(&format!("{purpose}/{hex}.t.jpg"))?;
    let sizes = (photo.full.len() as i64, photo.thumb.len() as i64);
    files.put(&key, photo.full, "image/jpeg").await?;
    files.put(&thumb, photo.thumb, "image/jpeg").await?;
    Ok(Stored {
        key,
        thumb,
        sizes,
        width: photo.width,
        height: photo.height,
        taken_at: photo.taken_at,
        place: photo.place,
    })
}

/// Checks and re-encodes every photo, or refuses them all.
pub async fn process_all(files: Vec<Vec<u8>>) -> ServiceResult<Vec<Processed>> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    decoding(move || {
        files
            .iter()
            .map(|bytes| process(bytes))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?
    .map_err(Into::into)
}

/// Runs image work off the async threads. Decoding takes a core and up to ~150 MB per
/// picture: two requests decode at a time, whichever feature they come from.
pub async fn decoding<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> ServiceResult<T> {
    static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let _turn = DECODING.acquire().await?;
    Ok(tokio::task::spawn_blocking(work).await?)
}

pub fn process(bytes: &[u8]) -> Result<Processed, ErrorCode> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(ErrorCode::FileTooLarge);
    }
    // The type comes from the bytes, whatever the file name or the browser says.
    match crate::files::sniff::sniff_image(bytes) {
        Some(("image/jpeg" | "image/png" | "image/webp", _)) => {}
        _ => return Err(ErrorCode::InvalidImage),
    }
    let (taken_at, place) = camera_facts(bytes);
    let img = decode(bytes)?;
    let full = if img.width() > FULL_SIDE || img.height() > FULL_SIDE {
        img.resize(FULL_SIDE, FULL_SIDE, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let thumb = full.thumbnail(THUMB_SIDE, THUMB_SIDE);
    Ok(Processed {
        width: full.width(),
        height: full.height(),
        full: jpeg(&full, 82)?,
        thumb: jpeg(&thumb, 70)?,
        taken_at,
        place,
    })
}

/// The pixels, turned upright, decoding bounded in size and memory.
fn decode(bytes: &[u8]) -> Result<DynamicImage, ErrorCode> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ErrorCode::ImageUnreadable)?;
    let mut limits = Limits::default();
    // A few KB of PNG can claim 12000×12000 pixels: bound what decoding may allocate (50 MP
    // of RGB is 150 MB; phones take 12–50 MP).
    limits.max_image_width = Some(10_000);
    limits.max_image_height = Some(10_000);
    limits.max_alloc = Some(160 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| ErrorCode::ImageUnreadable)?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| ErrorCode::ImageUnreadable)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img)
}

/// A PNG written again from its pixels: transparency kept, any text or `eXIf` chunk (which can
/// carry a position) left behind.
pub fn clean_png(bytes: &[u8]) -> Result<Vec<u8>, ErrorCode> {
    let img = decode(bytes)?;
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|_| ErrorCode::ImageUnreadable)?;
    Ok(out)
}

fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, ErrorCode> {
    let mut out = Vec::new();
    // JPEG has no alpha: transparent PNGs are flattened to RGB.
    img.to_rgb8()
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))
        .map_err(|_| ErrorCode::ImageUnreadable)?;
    Ok(out)
}

/// Capture time and GPS position, when the camera wrote them (a screenshot or an edited photo
/// often has neither: that is shown as unknown, not as an error).
fn camera_facts(bytes: &[u8]) -> (Option<String>, Option<String>) {
    use exif::{In, Tag, Value};
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return (None, None);
    };
    let ascii = |tag| match exif.get_field(tag, In::PRIMARY).map(|f| &f.value) {
        Some(Value::Ascii(v)) => v.first().map(|s| String::from_utf8_lossy(s).into_owned()),
        _ => None,
    };
    let taken_at = ascii(Tag::DateTimeOriginal)
        .or_else(|| ascii(Tag::DateTime))
        .and_then(|s| exif_minute(&s));
    let degrees = |tag| match exif.get_field(tag, In::PRIMARY).map(|f| &f.value) {
        Some(Value::Rational(r)) if r.iter().all(|x| x.denom != 0) => match r.as_slice() {
            [d, m, s] => Some(d.to_f64() + m.to_f64() / 60.0 + s.to_f64() / 3600.0),
            _ => None,
        },
        _ => None,
    };
    let place = match (
        degrees(Tag::GPSLatitude),
        ascii(Tag::GPSLatitudeRef),
        degrees(Tag::GPSLongitude),
        ascii(Tag::GPSLongitudeRef),
    ) {
        (Some(lat), Some(ns), Some(lon), Some(ew)) if lat <= 90.0 && lon <= 180.0 => Some(format!(
            "{} {lat:.5}，{} {lon:.5}",
            if ns.starts_with('S') {
                "南纬"
            } else {
                "北纬"
            },
            if ew.starts_with('W') {
                "西经"
            } else {
                "东经"
            },
        )),
        _ => None,
    };
    (taken_at, place)
}

/// `2026:11:29 09:30:12` → `2026-11-29T09:30`; anything else (all zeros, garbage) → `None`.
// Slices are inside the 16 ASCII bytes checked first.
#[allow(clippy::indexing_slicing)]
fn exif_minute(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if b.len() < 16 || !(at(4, b':') && at(7, b':') && at(10, b' ') && at(13, b':')) {
        return None;
    }
    // The camera's text is untrusted: a byte position may fall inside a character.
    let date = format!("{}-{}-{}", s.get(..4)?, s.get(5..7)?, s.get(8..10)?);
    domain::Date::parse(&date).ok()?;
    let (h, m) = (
        s.get(11..13)?.parse::<u32>().ok()?,
        s.get(14..16)?.parse::<u32>().ok()?,
    );
    (h < 24 && m < 60).then(|| format!("{date}T{h:02}:{m:02}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::{fixture::phone_jpeg, *};

    #[test]
    fn a_camera_time_in_any_text_never_panics() {
        for text in [
            "2026:11:29 09:30",
            "2é26:11:29 09:30",
            "2026:1é:29 09:30:00",
            "2026:11:29 0é:30",
            "2026:11:29 09:3é",
            ":::: :::::::::::",
        ] {
            let _ = exif_minute(text);
        }
        assert_eq!(
            exif_minute("2026:11:29 09:30").as_deref(),
            Some("2026-11-29T09:30")
        );
        assert_eq!(exif_minute("2é26:11:29 09:30"), None);
    }

    #[test]
    fn reads_the_camera_and_writes_a_clean_jpeg() {
        let original = phone_jpeg(2400, 1200, "2026:11:29 09:30:12", Some((26.5, 112.25)));
        let p = process(&original).unwrap();
        assert_eq!((p.width, p.height), (1600, 800));
        assert_eq!(p.taken_at.as_deref(), Some("2026-11-29T09:30"));
        assert_eq!(p.place.as_deref(), Some("北纬 26.50000，东经 112.25000"));
        // Re-encoded: a JPEG without the camera's EXIF block.
        assert!(p.full.starts_with(&[0xFF, 0xD8, 0xFF]));
        assert!(!p.full.windows(6).any(|w| w == b"Exif\0\0"));
        let thumb = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (320, 160));
    }

    #[test]
    fn refuses_what_is_not_a_photo() {
        assert_eq!(
            process(b"%PDF-1.7 ...").unwrap_err(),
            ErrorCode::InvalidImage
        );
        // Starts like a JPEG, is not one.
        let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
        fake.extend_from_slice(b"<script>alert(1)</script>");
        assert_eq!(process(&fake).unwrap_err(), ErrorCode::ImageUnreadable);
        assert_eq!(
            process(&vec![0xFF; MAX_PHOTO_BYTES + 1]).unwrap_err(),
            ErrorCode::FileTooLarge
        );
        // No EXIF (a screenshot): accepted, time and place unknown.
        let plain = phone_jpeg(10, 10, "", None);
        let p = process(&plain).unwrap();
        assert_eq!((p.taken_at, p.place), (None, None));
    }

    #[test]
    fn exif_times() {
        assert_eq!(
            exif_minute("2025:01:02 03:04:05").as_deref(),
            Some("2025-01-02T03:04")
        );
        for bad in [
            "0000:00:00 00:00:00",
            "2025-01-02 03:04:05",
            "2025:02:30 10:00:00",
            "",
        ] {
            assert_eq!(exif_minute(bad), None, "{bad}");
        }
    }
}

/// Photos with camera metadata for tests (server and end-to-end fixtures), built with the EXIF
/// writer of the same library that reads them.
#[doc(hidden)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)] // test fixtures: a failure is a broken test
pub mod fixture {
    use std::io::Cursor;

    /// A JPEG of `w`×`h` with the EXIF a phone writes: capture time (`2026:11:29 09:30:12`; empty
    /// for none) and GPS.
    /// A real PNG of `w`×`h` (a gradient), for uploads that must decode.
    pub fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([x as u8, y as u8, 128, 255]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    pub fn phone_jpeg(w: u32, h: u32, taken: &str, gps: Option<(f64, f64)>) -> Vec<u8> {
        use exif::{experimental::Writer, Field, In, Rational, Tag, Value};
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
        });
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        if taken.is_empty() {
            return jpeg;
        }
        let dms = |v: f64| {
            let d = v.trunc();
            let m = ((v - d) * 60.0).trunc();
            let s = ((v - d) * 60.0 - m) * 60.0;
            Value::Rational(vec![
                Rational {
                    num: d as u32,
                    denom: 1,
                },
                Rational {
                    num: m as u32,
                    denom: 1,
                },
                Rational {
                    num: (s * 1000.0).round() as u32,
                    denom: 1000,
                },
            ])
        };
        let mut fields = vec![Field {
            tag: Tag::DateTimeOriginal,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![taken.as_bytes().to_vec()]),
        }];
        if let Some((lat, lon)) = gps {
            let ascii = |s: &str| Value::Ascii(vec![s.as_bytes().to_vec()]);
            fields.extend([
                Field {
                    tag: Tag::GPSLatitudeRef,
                    ifd_num: In::PRIMARY,
                    value: ascii("N"),
                },
                Field {
                    tag: Tag::GPSLatitude,
                    ifd_num: In::PRIMARY,
                    value: dms(lat),
                },
                Field {
                    tag: Tag::GPSLongitudeRef,
                    ifd_num: In::PRIMARY,
                    value: ascii("E"),
                },
                Field {
                    tag: Tag::GPSLongitude,
                    ifd_num: In::PRIMARY,
                    value: dms(lon),
                },
            ]);
        }
        let mut writer = Writer::new();
        for f in &fields {
            writer.push_field(f);
        }
        let mut tiff = Cursor::new(Vec::new());
        writer.write(&mut tiff, false).unwrap();
        let tiff = tiff.into_inner();
        // APP1 "Exif" segment right after the start-of-image marker.
        let len = (tiff.len() + 8) as u16;
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(b"Exif\0\0");
        out.extend_from_slice(&tiff);
        out.extend_from_slice(&jpeg[2..]);
        out
    }
}
