//! The binary container of a model file: magic, format version, model kind, then
//! length-checked little-endian sections. Reading never panics: a truncated or foreign
//! file becomes a [`SyntaxError`] naming the file and the reason.

use crate::SyntaxError;

const MAGIC: &[u8; 8] = b"DLSYNTAX";
/// Bumped whenever the layout, the feature set or the feature hash changes, so old files are refused
/// instead of silently giving wrong answers.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    Tagger = 1,
    Parser = 2,
}

#[derive(Default)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub fn new(kind: ModelKind) -> Self {
        let mut w = Writer::default();
        w.bytes.extend_from_slice(MAGIC);
        w.u32(FORMAT_VERSION);
        w.u32(kind as u32);
        w
    }
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn i16(&mut self, v: i16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.bytes.extend_from_slice(b);
    }
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

pub struct Reader<'a> {
    input: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks magic, version and kind; `input` names the file in errors.
    pub fn new(input: &'a str, bytes: &'a [u8], kind: ModelKind) -> Result<Self, SyntaxError> {
        let mut r = Reader {
            input,
            bytes,
            pos: 0,
        };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(r.error("not a Dateline syntax model (bad magic bytes)".into()));
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(r.error(format!(
                "model format version {version}, this build reads version {FORMAT_VERSION}; retrain the model"
            )));
        }
        let found = r.u32()?;
        if found != kind as u32 {
            return Err(r.error(format!(
                "model kind {found}, expected {kind:?} ({})",
                kind as u32
            )));
        }
        Ok(r)
    }

    pub fn error(&self, reason: String) -> SyntaxError {
        SyntaxError::new(self.input, reason)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], SyntaxError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let out = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(out)
            }
            None => Err(self.error(format!("truncated at byte {} (wanted {n} more)", self.pos))),
        }
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], SyntaxError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    pub fn u32(&mut self) -> Result<u32, SyntaxError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub fn u16(&mut self) -> Result<u16, SyntaxError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    pub fn i16(&mut self) -> Result<i16, SyntaxError> {
        Ok(i16::from_le_bytes(self.array()?))
    }
    pub fn u64(&mut self) -> Result<u64, SyntaxError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub fn f32(&mut self) -> Result<f32, SyntaxError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    /// A length, refused if it could not fit in the rest of the file at `min_item_bytes` each.
    pub fn len(&mut self, min_item_bytes: usize) -> Result<usize, SyntaxError> {
        let n = self.u64()?;
        let remaining = (self.bytes.len() - self.pos) as u64;
        if n.saturating_mul(min_item_bytes.max(1) as u64) > remaining {
            return Err(self.error(format!("section length {n} exceeds the file size")));
        }
        Ok(n as usize)
    }
    pub fn bytes(&mut self) -> Result<&'a [u8], SyntaxError> {
        let n = self.len(1)?;
        self.take(n)
    }
    pub fn str(&mut self) -> Result<&'a str, SyntaxError> {
        let b = self.bytes()?;
        std::str::from_utf8(b)
            .map_err(|e| self.error(format!("invalid UTF-8 in a string section: {e}")))
    }
    pub fn finish(self) -> Result<(), SyntaxError> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(self.error(format!(
                "{} unexpected trailing bytes",
                self.bytes.len() - self.pos
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_bad_headers() {
        let mut w = Writer::new(ModelKind::Tagger);
        w.u32(7);
        w.str("héllo");
        w.f32(1.5);
        let bytes = w.finish();
        let mut r = Reader::new("t", &bytes, ModelKind::Tagger).unwrap();
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.str().unwrap(), "héllo");
        assert_eq!(r.f32().unwrap(), 1.5);
        r.finish().unwrap();

        let err = Reader::new("t", &bytes, ModelKind::Parser).err().unwrap();
        assert!(err.to_string().contains("kind"), "{err}");
        assert!(Reader::new("t", b"garbage!", ModelKind::Tagger).is_err());
        assert!(Reader::new("t", &bytes[..10], ModelKind::Tagger).is_err());
        let mut future = bytes.clone();
        future[8] = 99;
        let err = Reader::new("t", &future, ModelKind::Tagger).err().unwrap();
        assert!(err.to_string().contains("version 99"), "{err}");
    }

    #[test]
    fn huge_lengths_are_refused_not_allocated() {
        let mut w = Writer::new(ModelKind::Tagger);
        w.u64(u64::MAX);
        let bytes = w.finish();
        let mut r = Reader::new("t", &bytes, ModelKind::Tagger).unwrap();
        assert!(r.bytes().is_err());
    }
}
