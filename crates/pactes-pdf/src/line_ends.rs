//! Files whose line ends a transfer in text mode rewrote, binary data included: every LF
//! written as CR LF (undone exactly, before loading), or every CR LF written as LF (the CRs
//! are put back, stream by stream, where the compressed data proves them); and the per-file
//! `Mender` that runs over a loaded file's compressed streams, trying this and then
//! `flate_mend` (bytes a hit changed) on each that does not inflate whole.

use flate2::{Decompress, FlushDecompress, Status};

use crate::flate_mend::{MAX_OUTPUT, MIN_READABLE};
use lopdf::{Document, Object};

/// Fewest bytes of binary data (≥ 0x80) a file must hold for its line ends to tell a
/// transfer in text mode: compressed data holds a line feed about every 256 bytes, so 4 KiB of
/// it without a lone one is no accident (odds about e^-16).
const TEXT_TRANSFER_BINARY: usize = 4096;

/// The bytes of a file that went through a transfer in text mode (every line feed written as
/// CR LF, binary stream data included: FTP in ASCII mode, a mail or version-control filter),
/// with that undone; `None` when the file does not look so. Such a file has no line feed that
/// is not after a carriage return, though it holds kilobytes of binary data where lone line
/// feeds are bound to occur, and it has compressed streams, which the rewriting broke (their
/// checksums fail, and so do the cross-reference offsets). Rewriting every CR LF back to LF
/// restores the file exactly when every LF had been rewritten (a CR LF of the file's own then
/// became CR CR LF).
pub(crate) fn undo_text_transfer(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut binary = 0usize;
    let mut crlf = 0usize;
    let mut prev = 0u8;
    for &b in bytes {
        if b == b'\n' {
            if prev != b'\r' {
                return None;
            }
            crlf += 1;
        }
        binary += usize::from(b >= 0x80);
        prev = b;
    }
    let compressed = bytes.windows(11).any(|w| w == b"FlateDecode");
    if crlf == 0 || binary < TEXT_TRANSFER_BINARY || !compressed {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() - crlf);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(out)
}

/// Output bytes per step of inflating: how finely the bytes read are mapped to those written.
const STEP: usize = 512;

/// What inflating a stream gave: whether it is whole (inflates to its end, checksum
/// included), how many bytes of its output read as a content stream or a CMap
/// (`readable_prefix`), and how far into the compressed bytes that output came from.
struct Inflated {
    whole: bool,
    /// Bytes it inflated to.
    size: usize,
    readable: usize,
    read_at: usize,
}

/// Whether `data` inflates to its end, checksum included (its output is not kept), or is
/// too large to be mended (more than `flate_mend::MAX_OUTPUT` bytes).
pub(crate) fn inflates_whole(data: &[u8]) -> bool {
    let mut d = Decompress::new(true);
    let mut buf = vec![0u8; 32 << 10];
    loop {
        let (i, o) = (d.total_in() as usize, d.total_out());
        match d.decompress(&data[i.min(data.len())..], &mut buf, FlushDecompress::None) {
            Ok(Status::StreamEnd) => return true,
            Ok(_) if d.total_in() as usize == i && d.total_out() == o => return false,
            Ok(_) if d.total_out() > MAX_OUTPUT as u64 => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

/// Whether a stream whose dictionary is `dict` holds Flate data as it is stored: its
/// `/Filter` (direct or by reference) is `FlateDecode`, or an array whose first filter is.
pub(crate) fn flate_first(doc: &Document, dict: &lopdf::Dictionary) -> bool {
    match dict
        .get(b"Filter")
        .ok()
        .and_then(|o| crate::flatten::deref(doc, o))
    {
        Some(Object::Name(n)) => n == b"FlateDecode",
        Some(Object::Array(a)) => a
            .first()
            .is_some_and(|f| f.as_name().ok() == Some(&b"FlateDecode"[..])),
        _ => false,
    }
}

/// Inflates `data` as far as it goes and measures what it gave (`Inflated`).
fn inflate_measure(data: &[u8]) -> Inflated {
    let mut d = Decompress::new(true);
    let mut out: Vec<u8> = Vec::with_capacity(data.len() * 4);
    // (bytes read, bytes written) after each step
    let mut steps: Vec<(usize, usize)> = Vec::new();
    let mut buf = [0u8; STEP];
    let whole = loop {
        let (i, o) = (d.total_in() as usize, d.total_out());
        let r = d.decompress(&data[i.min(data.len())..], &mut buf, FlushDecompress::None);
        let written = (d.total_out() - o) as usize;
        out.extend_from_slice(&buf[..written]);
        steps.push((d.total_in() as usize, out.len()));
        match r {
            Ok(Status::StreamEnd) => break true,
            Ok(_) if d.total_in() as usize == i && written == 0 => break false,
            Ok(_) if d.total_out() > MAX_OUTPUT as u64 => break false,
            Ok(_) => {}
            Err(_) => break false,
        }
    };
    let readable = if whole {
        out.len()
    } else {
        crate::flate_mend::readable_prefix(&out).0
    };
    let read_at = steps
        .iter()
        .find(|&&(_, o)| o >= readable)
        .map_or(d.total_in() as usize, |&(i, _)| i);
    Inflated {
        whole,
        size: out.len(),
        readable,
        read_at,
    }
}

/// Line feeds a lost CR is looked for among, before the point where the output stops
/// reading: the decoder reads ahead of what it hands out, by up to its 32 KiB window of
/// output (some 6 KiB of compressed text), and garbage may read for a few words.
const LOOK_BACK: usize = 16 << 10;
/// ... and after it.
const LOOK_AHEAD: usize = 512;
/// Most line feeds tried for one lost CR (16 KiB of compressed data holds about 64).
const CANDIDATES: usize = 128;
/// Most lost CRs put back in one stream.
const MAX_FIXES: usize = 24;
/// Most bytes inflated (output) while mending one document's streams, so that a file with
/// many streams corrupt some other way costs a bounded time (about a second).
const BUDGET: usize = 512 << 20;

/// A compressed content stream or CMap whose CR LF pairs lost their CR, with them put back:
/// each step puts a CR before the line feed, among those near where the output stops reading,
/// that makes it read furthest, until the stream inflates whole with its checksum. `None`
/// when the stream is whole already, is no content stream or CMap, or no such CRs mend it
/// within `budget` bytes inflated.
fn restore_lost_crs(data: &[u8], budget: &mut usize) -> Option<Vec<u8>> {
    let first = inflate_measure(data);
    *budget = budget.saturating_sub(first.size);
    if first.whole || first.readable < MIN_READABLE {
        return None;
    }
    let mut d = data.to_vec();
    restore_from(&mut d, first.readable, first.read_at, budget, 0).then_some(d)
}

/// Values of one step of `restore_lost_crs` followed in turn, the furthest reading first: a CR
/// put back at the wrong line feed may read on as far as the right one (the decoder falls
/// back in step at the next lost CR, and what it gave between may read), and only the
/// checksum at the stream's end tells them apart.
const CR_BRANCHES: usize = 3;

/// One step of `restore_lost_crs`: `d` reads `readable` bytes, and stops reading near its
/// input byte `at`. Puts CRs back in `d` until it inflates whole (true), or leaves it as it
/// was (false).
fn restore_from(
    d: &mut Vec<u8>,
    readable: usize,
    at: usize,
    budget: &mut usize,
    depth: usize,
) -> bool {
    if depth >= MAX_FIXES {
        return false;
    }
    let from = at.saturating_sub(LOOK_BACK).max(1);
    let to = (at + LOOK_AHEAD).min(d.len());
    let mut lone_lfs: Vec<usize> = (from..to)
        .filter(|&i| d[i] == b'\n' && d[i - 1] != b'\r')
        .collect();
    lone_lfs.sort_by_key(|&i| i.abs_diff(at));
    lone_lfs.truncate(CANDIDATES);
    let mut further: Vec<(usize, usize, usize)> = Vec::new();
    for i in lone_lfs {
        if *budget == 0 {
            return false;
        }
        d.insert(i, b'\r');
        let m = inflate_measure(d);
        d.remove(i);
        *budget = budget.saturating_sub(m.size);
        if m.whole {
            d.insert(i, b'\r');
            return true;
        }
        if m.readable > readable {
            further.push((m.readable, m.read_at, i));
        }
    }
    further.sort_by_key(|&(r, _, i)| (std::cmp::Reverse(r), i));
    for &(r, a, i) in further.iter().take(CR_BRANCHES) {
        d.insert(i, b'\r');
        if restore_from(d, r, a, budget, depth + 1) {
            return true;
        }
        d.remove(i);
    }
    false
}

/// How a stream was mended.
#[derive(Clone, Copy)]
enum Kind {
    Crs,
    Hit,
}

/// A stream's bytes mended, and how.
type Mend = (Vec<u8>, Kind);

/// The mending of one file's compressed streams, shared by its readings (a salvaged reading
/// loads the same streams again): each stream is mended once, its result kept by its bytes'
/// hash, and the work bounds hold for the file, not for each reading.
pub(crate) struct Mender {
    budget: usize,
    tries: usize,
    done: std::collections::HashMap<(usize, u64, bool), Option<Mend>>,
    /// Streams whose search for hit bytes stopped at its first round's cap.
    pending: std::collections::HashSet<(usize, u64, bool)>,
}

impl Default for Mender {
    fn default() -> Self {
        Mender {
            budget: BUDGET,
            tries: crate::flate_mend::TRIES,
            done: Default::default(),
            pending: Default::default(),
        }
    }
}

impl Mender {
    /// `plain`: see `flate_mend::mend_hit_bytes`. The search for hit bytes spends at most
    /// `cap` of the file's tries; a stream it leaves for want of them is `Later`, searched
    /// again when asked again (`restore_streams`' second round); the others' results are kept.
    fn mend(&mut self, content: &[u8], plain: bool, cap: usize) -> Outcome {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        content.hash(&mut h);
        let key = (content.len(), h.finish(), plain);
        if let Some(done) = self.done.get(&key) {
            return done.clone().map_or(Outcome::Not, Outcome::Mended);
        }
        // (a stream left for want of tries was found not whole, its CRs not lost)
        if !self.pending.remove(&key) {
            if inflates_whole(content) {
                self.done.insert(key, None);
                return Outcome::Not;
            }
            if let Some(c) = restore_lost_crs(content, &mut self.budget) {
                self.done.insert(key, Some((c.clone(), Kind::Crs)));
                return Outcome::Mended((c, Kind::Crs));
            }
        }
        let allowed = self.tries.min(cap);
        let mut tries = allowed;
        let m = crate::flate_mend::mend_hit_bytes(content, &mut tries, plain);
        self.tries -= allowed - tries;
        if m.is_none() && tries == 0 && self.tries > 0 {
            self.pending.insert(key);
            return Outcome::Later;
        }
        let m = m.map(|c| (c, Kind::Hit));
        self.done.insert(key, m.clone());
        m.map_or(Outcome::Not, Outcome::Mended)
    }
}

/// What `Mender::mend` made of a stream.
enum Outcome {
    Mended(Mend),
    /// Whole, or not mended.
    Not,
    /// Left for want of tries in the first round.
    Later,
}

/// Tries the search for hit bytes may spend on one stream in `restore_streams`' first round:
/// enough for a single hit (about 10,000 near where the output stops reading, 50,000 when
/// the wider look is needed), so that streams hit several times, which may take all the
/// file's tries and still not be mended, do not leave the others unmended.
const FIRST_ROUND_TRIES: usize = 64_000;

/// Mends each Flate stream of `doc` that does not inflate whole: the CRs of CR LF pairs a
/// transfer in text mode took out are put back (`restore_lost_crs`), or else the bytes a hit
/// changed are given back (`flate_mend`); returns what was mended. A stream is changed only
/// when it then inflates whole with its checksum.
pub(crate) fn restore_streams(doc: &mut Document, mender: &mut Mender) -> Mended {
    let mut mended = Mended::default();
    // smallest first: the work is bounded per file, a small stream costs few tries, and the
    // smallest are the `/ToUnicode` maps, each of which every page in its font needs
    let mut order: Vec<(usize, lopdf::ObjectId)> = doc
        .objects
        .iter()
        .filter_map(|(id, obj)| {
            let Object::Stream(s) = obj else { return None };
            (flate_first(doc, &s.dict) && !s.content.is_empty()).then_some((s.content.len(), *id))
        })
        .collect();
    order.sort_unstable();
    // two rounds: each stream within `FIRST_ROUND_TRIES`, then those it left with the rest
    let mut left = Vec::new();
    for (round, cap) in [FIRST_ROUND_TRIES, usize::MAX].into_iter().enumerate() {
        let ids: Vec<lopdf::ObjectId> = match round {
            0 => order.iter().map(|&(_, id)| id).collect(),
            _ => std::mem::take(&mut left),
        };
        // (in the second round nothing is left for later: no cap)
        for id in ids {
            let Some(Object::Stream(s)) = doc.objects.get_mut(&id) else {
                continue;
            };
            // a dictionary that says no more than how the stream is stored: a page's content
            // or a CMap, not a font program or an image
            let plain = s.dict.iter().all(|(k, _)| {
                matches!(k.as_slice(), b"Filter" | b"Length" | b"DecodeParms" | b"DL")
            });
            match mender.mend(&s.content, plain, cap) {
                Outcome::Mended((content, Kind::Crs)) => {
                    s.set_content(content);
                    mended.crs += 1;
                }
                Outcome::Mended((content, Kind::Hit)) => {
                    s.set_content(content);
                    mended.hit += 1;
                }
                Outcome::Later => left.push(id),
                Outcome::Not => {}
            }
        }
    }
    mended
}

/// Object streams (`/Type /ObjStm`) whose compressed bytes a hit changed, given back in the
/// file's bytes before it is loaded: lopdf parses the objects they hold while loading, before
/// `restore_streams` could mend them, and one hit loses every object of the stream (a pdfTeX
/// file's page and font dictionaries). Mending changes bytes, never their number, so every
/// offset holds. Returns the mended bytes and how many streams were mended, if any.
pub(crate) fn restore_object_streams(
    bytes: &[u8],
    mender: &mut Mender,
) -> Option<(Vec<u8>, usize)> {
    static HEAD: std::sync::OnceLock<regex::bytes::Regex> = std::sync::OnceLock::new();
    let head = HEAD.get_or_init(|| {
        regex::bytes::Regex::new(r"/Type\s*/ObjStm\b[^>]*?>>\s*stream\r?\n")
            .unwrap_or_else(|e| panic!("bad built-in regex: {e}"))
    });
    static LENGTH: std::sync::OnceLock<regex::bytes::Regex> = std::sync::OnceLock::new();
    let length = LENGTH.get_or_init(|| {
        regex::bytes::Regex::new(r"/Length\s+(\d{1,9})(\s+\d+\s+R)?")
            .unwrap_or_else(|e| panic!("bad built-in regex: {e}"))
    });
    let mut out: Option<Vec<u8>> = None;
    let mut mended = 0;
    for m in head.find_iter(bytes) {
        // the dictionary's direct `/Length`, or up to `endstream`
        let dict = &bytes[m.start()..m.end()];
        let start = m.end();
        let direct = length
            .captures(dict)
            .filter(|c| c.get(2).is_none())
            .and_then(|c| std::str::from_utf8(&c[1]).ok()?.parse::<usize>().ok())
            .filter(|&n| start + n <= bytes.len());
        let Some(len) = direct.or_else(|| {
            bytes[start..]
                .windows(9)
                .position(|w| w == b"endstream")
                .map(|e| bytes[start..start + e].trim_ascii_end().len())
        }) else {
            continue;
        };
        let data = &bytes[start..start + len];
        if let Outcome::Mended((fixed, _)) = mender.mend(data, false, usize::MAX) {
            if fixed.len() == data.len() {
                out.get_or_insert_with(|| bytes.to_vec())[start..start + len]
                    .copy_from_slice(&fixed);
                mended += 1;
            }
        }
    }
    out.map(|b| (b, mended))
}

/// What `restore_streams` mended.
#[derive(Default, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Mended {
    /// Streams whose lost CRs were put back.
    pub crs: usize,
    /// Streams whose bytes a hit changed, given back (`flate_mend`).
    pub hit: usize,
}

impl Mended {
    /// What the mending says in `DocMeta.repaired`, if anything was mended.
    pub(crate) fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.crs > 0 {
            parts.push(format!(
                "{} compressed stream(s) had lost the CR of their CR LF pairs (a transfer in \
                 text mode), put back",
                self.crs
            ));
        }
        if self.hit > 0 {
            parts.push(format!(
                "{} compressed stream(s) had bytes changed, given back (their checksums hold)",
                self.hit
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes as compressed data looks: every value, line feeds among them.
    fn binary(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7919 % 251) as u8).collect()
    }

    fn file_with(data: &[u8]) -> Vec<u8> {
        let mut f = b"%PDF-1.4\r\n%\xe2\xe3\r\n1 0 obj\r\n<< /Filter /FlateDecode /Length 9 >>\r\nstream\r\n"
            .to_vec();
        f.extend_from_slice(data);
        f.extend_from_slice(b"\r\nendstream\r\nendobj\r\n%%EOF\r\n");
        f
    }

    #[test]
    fn a_text_mode_transfer_is_undone_exactly() {
        // the file as written: LF line ends, and CR LF in its binary data of its own
        let mut data = binary(20_000);
        data.extend_from_slice(b"\r\n\r\r\n");
        let mut file = file_with(&data);
        file.retain(|&b| b != b'\r');
        file.extend_from_slice(b"\r\n");
        // every LF written as CR LF
        let mut sent = Vec::new();
        for &b in &file {
            if b == b'\n' {
                sent.push(b'\r');
            }
            sent.push(b);
        }
        assert_eq!(undo_text_transfer(&sent).as_deref(), Some(&file[..]));
        // the file itself has lone line feeds in its binary data: nothing to undo
        assert_eq!(undo_text_transfer(&file), None);
    }

    #[test]
    fn line_ends_alone_do_not_tell_a_text_mode_transfer() {
        // CR LF line ends and no binary data: a producer's choice
        let ascii = file_with(&b"BT (Bonjour) Tj ET\r\n".repeat(500));
        assert_eq!(undo_text_transfer(&ascii), None);
        // binary data without a lone LF, but no compressed stream
        let mut data: Vec<u8> = binary(20_000).into_iter().filter(|&b| b != b'\n').collect();
        data.extend_from_slice(b"\r\n");
        let mut raw = file_with(&data);
        let at = raw.windows(11).position(|w| w == b"FlateDecode").unwrap();
        raw[at..at + 11].copy_from_slice(b"DCTDecode  ");
        assert_eq!(undo_text_transfer(&raw), None);
    }

    /// A page's content compressed, with CR LF pairs in its compressed bytes: lines of text
    /// at positions drawn from a generator (so that it compresses little), the first seed
    /// that gives two. (With more CR LF pairs, in text as regular as this, a CR put back at
    /// the wrong line feed may read on as far as the right one, through every branch tried:
    /// such a stream is left as it was.)
    fn compressed_with_crlf() -> Vec<u8> {
        (1u64..)
            .map(|seed| {
                let mut x = seed;
                let text: String = (0..3000)
                    .map(|i| {
                        x = x
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        format!("BT /F1 9 Tf {} {} Td (Ligne {i}) Tj ET\n", x >> 50, x >> 54)
                    })
                    .collect();
                crate::flate_mend::tests::zlib(text.as_bytes())
            })
            .find(|c| c.windows(2).filter(|w| w == b"\r\n").count() >= 2)
            .expect("a seed")
    }

    #[test]
    fn crs_a_transfer_took_out_of_a_stream_are_put_back() {
        let whole = compressed_with_crlf();
        assert!(inflate_measure(&whole).whole);
        let mut lost = Vec::new();
        for (i, &b) in whole.iter().enumerate() {
            if !(b == b'\r' && whole.get(i + 1) == Some(&b'\n')) {
                lost.push(b);
            }
        }
        assert!(!inflate_measure(&lost).whole);
        let mut budget = BUDGET;
        assert!(restore_lost_crs(&lost, &mut budget) == Some(whole.clone()));
        // a whole stream is left as it is
        assert!(restore_lost_crs(&whole, &mut budget).is_none());
    }

    #[test]
    fn a_stream_corrupt_otherwise_is_not_mended() {
        let mut bad = compressed_with_crlf();
        let n = bad.len();
        for b in &mut bad[n / 3..n / 3 + 40] {
            *b ^= 0x5a;
        }
        let mut budget = BUDGET;
        assert!(restore_lost_crs(&bad, &mut budget).is_none());
        assert!(budget < BUDGET, "it was tried");
        // and the budget bounds the work
        let mut none = 0;
        assert!(restore_lost_crs(&bad, &mut none).is_none());
    }

    /// A document of Flate streams holding `data`, objects 1, 2… in order.
    fn flate_streams(data: &[&[u8]]) -> Document {
        let mut doc = Document::with_version("1.5");
        for data in data {
            let mut d = lopdf::Dictionary::new();
            d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            doc.add_object(Object::Stream(lopdf::Stream::new(d, data.to_vec())));
        }
        doc
    }

    #[test]
    fn an_object_stream_hit_is_mended_in_the_files_bytes() {
        use crate::flate_mend::tests::zlib;
        // an object stream's text: numbers and offsets, then dictionaries and references
        let mut objects = String::from("10 0 11 60 ");
        let mut x = 3u64;
        for k in 0..300 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            objects += &format!(
                "<< /Type /Font /Subtype /TrueType /FirstChar 0 /LastChar {} /Widths [{} {} \
                 {} {}] /FontDescriptor {} 0 R >>\n",
                100 + k,
                x >> 54,
                (x >> 44) % 1000,
                (x >> 34) % 1000,
                (x >> 24) % 1000,
                400 + (x >> 60)
            );
        }
        let data = zlib(objects.as_bytes());
        let file = |data: &[u8]| {
            let mut f = format!(
                "%PDF-1.5\n5 0 obj\n<< /Type /ObjStm /N 300 /First 11 /Length {} /Filter \
                 /FlateDecode >>\nstream\n",
                data.len()
            )
            .into_bytes();
            f.extend_from_slice(data);
            f.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
            f
        };
        let whole = file(&data);
        let mut hit = data.clone();
        hit[data.len() / 2] ^= 0x5a;
        let hit = file(&hit);
        let (mended, n) = restore_object_streams(&hit, &mut Mender::default()).expect("mended");
        assert_eq!(n, 1);
        assert!(mended == whole);
        assert!(restore_object_streams(&whole, &mut Mender::default()).is_none());
    }

    #[test]
    fn the_smallest_streams_are_mended_first() {
        use crate::flate_mend::{mend_hit_bytes, tests::page_of, TRIES};
        // a small stream (a /ToUnicode map's size) and a page, each with one byte hit
        let hit = |whole: &[u8]| {
            let mut h = whole.to_vec();
            h[whole.len() / 2] ^= 0x5a;
            h
        };
        let (small, big) = (page_of(7, 40), page_of(3, 1500));
        let (small_hit, big_hit) = (hit(&small), hit(&big));
        let mut left = TRIES;
        assert!(mend_hit_bytes(&small_hit, &mut left, true).as_deref() == Some(&small[..]));
        let needs = TRIES - left;
        // the page comes first in object order; the file's tries suffice for the small one
        let mut doc = flate_streams(&[&big_hit, &small_hit]);
        let mut mender = Mender {
            tries: needs,
            ..Mender::default()
        };
        let mended = restore_streams(&mut doc, &mut mender);
        assert_eq!(mended.hit, 1);
        let small_id = (2, 0);
        let s = doc.get_object(small_id).unwrap().as_stream().unwrap();
        assert!(s.content == small, "the small stream was mended");
    }

    #[test]
    fn a_stream_that_takes_all_the_tries_does_not_leave_the_others_unmended() {
        use crate::flate_mend::{mend_hit_bytes, tests::page_of, TRIES};
        // a small stream hit all over, which no search mends, and a page hit once
        let page = page_of(3, 1500);
        let mut one = page.clone();
        one[page.len() / 2] ^= 0x5a;
        let mut left = TRIES;
        assert!(mend_hit_bytes(&one, &mut left, true).as_deref() == Some(&page[..]));
        let needs = TRIES - left;
        let small = crate::flate_mend::tests::glyph_page(5, 2000);
        assert!(small.len() < one.len());
        let mut all_over = small.clone();
        for k in 1..4 {
            all_over[small.len() * k / 4] ^= 0x01;
        }
        let tries = FIRST_ROUND_TRIES + needs;
        let mut spent = tries;
        assert!(mend_hit_bytes(&all_over, &mut spent, true).is_none());
        assert_eq!(spent, 0, "it takes every try it is given");
        // the small one comes first; the page is mended all the same
        let mut doc = flate_streams(&[&all_over, &one]);
        let mut mender = Mender {
            tries,
            ..Mender::default()
        };
        assert_eq!(restore_streams(&mut doc, &mut mender).hit, 1);
        let s = doc.get_object((2, 0)).unwrap().as_stream().unwrap();
        assert!(s.content == page, "the page was mended");
    }
}
