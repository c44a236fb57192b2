//! Compressed content streams whose bytes were hit (a byte changed: a bad sector, a bit
//! flipped in transit): each hit byte is given back the value that makes the output read on as
//! a content stream, found near where the output stops reading.

use miniz_oxide::inflate::core::inflate_flags::{
    TINFL_FLAG_COMPUTE_ADLER32, TINFL_FLAG_HAS_MORE_INPUT, TINFL_FLAG_PARSE_ZLIB_HEADER,
    TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
};
use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

use crate::content::Operand;

/// Operators of content streams, and the words of CMaps.
const KNOWN: &[&[u8]] = &[
    b"b",
    b"B",
    b"b*",
    b"B*",
    b"BDC",
    b"BI",
    b"BMC",
    b"BT",
    b"BX",
    b"c",
    b"cm",
    b"CS",
    b"cs",
    b"d",
    b"d0",
    b"d1",
    b"Do",
    b"DP",
    b"EI",
    b"EMC",
    b"ET",
    b"EX",
    b"f",
    b"F",
    b"f*",
    b"G",
    b"g",
    b"gs",
    b"h",
    b"i",
    b"ID",
    b"j",
    b"J",
    b"K",
    b"k",
    b"l",
    b"m",
    b"M",
    b"MP",
    b"n",
    b"q",
    b"Q",
    b"re",
    b"RG",
    b"rg",
    b"ri",
    b"s",
    b"S",
    b"SC",
    b"sc",
    b"SCN",
    b"scn",
    b"sh",
    b"T*",
    b"Tc",
    b"Td",
    b"TD",
    b"Tf",
    b"Tj",
    b"TJ",
    b"TL",
    b"Tm",
    b"Tr",
    b"Ts",
    b"Tw",
    b"Tz",
    b"v",
    b"w",
    b"W",
    b"W*",
    b"y",
    b"'",
    b"\"",
    b"begin",
    b"end",
    b"def",
    b"dict",
    b"pop",
    b"findresource",
    b"defineresource",
    b"currentdict",
    b"begincmap",
    b"endcmap",
    b"begincodespacerange",
    b"endcodespacerange",
    b"beginbfchar",
    b"endbfchar",
    b"beginbfrange",
    b"endbfrange",
    b"begincidchar",
    b"endcidchar",
    b"begincidrange",
    b"endcidrange",
    b"usecmap",
    b"true",
    b"false",
    b"null",
];

/// How many bytes of `out` read as a content stream or a CMap: up to the first word that is
/// not an operator of either (what a decoder gives once the bits it reads are shifted or
/// changed is bytes of the right alphabet in no order, whose words soon are none of these),
/// with the offsets where operations end, in order (places to read again from).
pub(crate) fn readable_prefix(out: &[u8]) -> (usize, Vec<usize>) {
    let mut lx = crate::content::Lexer::new(out);
    let mut last = 0;
    let mut ends = Vec::new();
    while let Some(op) = lx.next_op() {
        if !KNOWN.contains(&op) || !operands_fit(op, &lx.operands) {
            break;
        }
        last = lx.pos();
        ends.push(last);
    }
    (last, ends)
}

/// Whether an operation's operands are what its operator takes (for the operators of text
/// and paths whose operands are fixed: a decoder out of step splices pieces of the text it
/// copies, and the pieces' seams seldom give an operator its due).
fn operands_fit(op: &[u8], operands: &[Operand]) -> bool {
    use Operand::{ArrClose, ArrOpen, Name, Num, Str};
    // top-level operands, an array counting as one
    let mut top: Vec<&Operand> = Vec::with_capacity(operands.len());
    let mut depth = 0usize;
    for o in operands {
        match o {
            ArrOpen => {
                if depth == 0 {
                    top.push(o);
                }
                depth += 1;
            }
            ArrClose => depth = depth.saturating_sub(1),
            _ if depth == 0 => top.push(o),
            _ => {}
        }
    }
    let nums = |n: usize| top.len() == n && top.iter().all(|o| matches!(o, Num(_)));
    match op {
        b"BT" | b"ET" | b"q" | b"Q" | b"n" | b"W" | b"W*" | b"f" | b"F" | b"f*" | b"B" | b"B*"
        | b"b" | b"b*" | b"S" | b"s" | b"h" | b"EMC" | b"T*" => top.is_empty(),
        b"Tc" | b"Tw" | b"Tz" | b"TL" | b"Tr" | b"Ts" | b"g" | b"G" | b"w" | b"i" | b"j" | b"J"
        | b"M" => nums(1),
        b"Td" | b"TD" | b"m" | b"l" => nums(2),
        b"rg" | b"RG" => nums(3),
        b"k" | b"K" | b"re" | b"v" | b"y" => nums(4),
        b"cm" | b"Tm" | b"c" => nums(6),
        b"Tf" => matches!(top[..], [Name(_), Num(_)]),
        b"Tj" | b"'" => matches!(top[..], [Str(_)]),
        b"TJ" => matches!(top[..], [ArrOpen]),
        b"Do" | b"gs" | b"cs" | b"CS" | b"ri" | b"sh" | b"BMC" | b"MP" => {
            matches!(top[..], [Name(_)])
        }
        _ => true,
    }
}

/// Fewest bytes of readable output a stream must begin with to be mended (a content stream
/// or a CMap, not a font program or an image).
pub(crate) const MIN_READABLE: usize = 16;

/// Most bytes a stream is inflated to while mending it: a larger one is left as it is.
pub(crate) const MAX_OUTPUT: usize = 16 << 20;

/// The decoder's state after some input, to try changes to the bytes after it.
struct Snapshot {
    state: DecompressorOxide,
    read: usize,
    written: usize,
}

/// A stream inflated byte by byte.
struct Tracked {
    out: Vec<u8>,
    /// Whether it inflated whole, checksum included.
    whole: bool,
    /// Whether its bytes ran out before its end without the decoder failing (a stream cut
    /// short, not one whose bytes were changed).
    ran_out: bool,
    /// `written[i]`: bytes of output once input byte `i` was read.
    written: Vec<usize>,
    snapshots: Vec<Snapshot>,
}

/// Largest stream mended, in compressed bytes: the decoder's snapshots (10.5 KB every
/// `SNAPSHOT_EVERY` bytes) and the map of output make about 50 bytes of memory per byte of
/// it, 25 MB at this size. Page contents are seldom a tenth of it.
const MAX_INPUT: usize = 512 << 10;

/// Input bytes between two snapshots.
const SNAPSHOT_EVERY: usize = 256;

const FLAGS: u32 = TINFL_FLAG_PARSE_ZLIB_HEADER
    | TINFL_FLAG_COMPUTE_ADLER32
    | TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;

/// Inflates `data` from `state` (at input `read`, output `out[..written]`) through `data`'s
/// end, or until the output reaches `stop`; returns the status and the output's length.
fn run(
    state: &mut DecompressorOxide,
    data: &[u8],
    mut read: usize,
    out: &mut Vec<u8>,
    mut written: usize,
    stop: usize,
) -> (TINFLStatus, usize) {
    loop {
        let want = (written + (64 << 10)).min(stop);
        if out.len() < want {
            out.resize(want, 0);
        }
        let limit = out.len().min(stop);
        let (st, r, w) = decompress(state, &data[read..], &mut out[..limit], written, FLAGS);
        read += r;
        written += w;
        if st == TINFLStatus::HasMoreOutput && written < stop {
            continue;
        }
        return (st, written);
    }
}

/// Inflates `data` one input byte at a time, noting how much output each byte gave and the
/// decoder's state every `SNAPSHOT_EVERY` bytes.
fn tracked(data: &[u8]) -> Tracked {
    let mut state = DecompressorOxide::new();
    let mut out = Vec::with_capacity(data.len() * 4);
    let mut written_at = Vec::with_capacity(data.len());
    let mut snapshots = Vec::new();
    let mut written = 0usize;
    let mut whole = false;
    let mut ran_out = true;
    'bytes: for i in 0..data.len() {
        if i % SNAPSHOT_EVERY == 0 {
            snapshots.push(Snapshot {
                state: state.clone(),
                read: i,
                written,
            });
        }
        let flags = if i + 1 < data.len() {
            FLAGS | TINFL_FLAG_HAS_MORE_INPUT
        } else {
            FLAGS
        };
        let mut consumed = false;
        loop {
            if out.len() < written + 4096 {
                out.resize(written + (64 << 10), 0);
            }
            let input: &[u8] = if consumed { &[] } else { &data[i..=i] };
            let (st, r, w) = decompress(&mut state, input, &mut out, written, flags);
            consumed |= r > 0;
            written += w;
            match st {
                TINFLStatus::HasMoreOutput if written < MAX_OUTPUT => continue,
                TINFLStatus::NeedsMoreInput => break,
                TINFLStatus::Done => {
                    whole = true;
                    written_at.push(written);
                    break 'bytes;
                }
                TINFLStatus::FailedCannotMakeProgress => {
                    written_at.push(written);
                    break 'bytes;
                }
                _ => {
                    ran_out = false;
                    written_at.push(written);
                    break 'bytes;
                }
            }
        }
        written_at.push(written);
    }
    out.truncate(written);
    Tracked {
        out,
        whole,
        ran_out: ran_out && !whole,
        written: written_at,
        snapshots,
    }
}

/// Output beyond where the stream stopped reading that a changed byte must make readable to
/// be taken for the byte that was hit.
const VERIFY: usize = 4096;
/// Input bytes before the one whose output stops reading among which a hit byte is looked
/// for (garbage may read for a few words) ...
const LOOK_BACK: usize = 24;
/// Input bytes before the one the decoder failed on among which a hit byte is looked for
/// (what it decoded from the hit on may have been the unfinished operation the output ends
/// with).
const LOOK_BACK_FAILED: usize = 64;
/// ... and after either (the decoder reads a few bytes ahead of the bits it decodes).
const LOOK_AHEAD: usize = 8;
/// Most input bytes the operation that does not read is searched through (a `TJ` array may
/// hold a hit some way after the last operation that reads).
const MAX_OP_INPUT: usize = 160;
/// Values of a hit byte that read on for `VERIFY` bytes, read through to the stream's end.
const SECOND_LOOK: usize = 128;
/// What reading a value through to the end costs, in tries.
const SECOND_LOOK_COST: usize = 50;
/// Most hit bytes mended in one stream.
const MAX_FIXES: usize = 64;

/// What mending the streams of one document may cost: values tried (about 10 µs each).
pub(crate) const TRIES: usize = 100_000;

/// Values of a hit byte followed further, best first, when several read on as far: the
/// search goes back to the next one when the first leads to no stream whose checksum holds.
const BRANCHES: usize = 3;

/// `data`, a compressed content stream or CMap whose bytes a hit changed, with them given
/// back: the stream as it was, inflating whole with its checksum, or `None` (it is whole
/// already, is no content stream or CMap, or no values found within `tries` make it whole).
/// Each hit is looked for among the bytes just before where the output stops reading, every
/// value of each tried; the values that make the output read on for `VERIFY` bytes are read
/// through to the end, and those that read furthest (a flipped bit first) are followed in
/// turn, the next hit mended after each, depth first. Only a stream whose checksum holds is
/// kept: a value that keeps the decoder in step but changes a character reads on as well as
/// the right one, and only the checksum tells them apart.
pub(crate) fn mend_hit_bytes(data: &[u8], tries: &mut usize) -> Option<Vec<u8>> {
    // (a zlib stream has a two-byte header before anything to mend)
    if data.len() < 3 || data.len() > MAX_INPUT {
        return None;
    }
    let t = tracked(data);
    if t.whole || t.ran_out || t.out.len() >= MAX_OUTPUT {
        return None;
    }
    let mut d = data.to_vec();
    mend_from(&mut d, t, tries, 0).then_some(d)
}

/// One step of `mend_hit_bytes`: mends `d` (inflated as `t`) in place, or leaves it as it was
/// and says it could not.
fn mend_from(d: &mut [u8], t: Tracked, tries: &mut usize, depth: usize) -> bool {
    if depth >= MAX_FIXES || *tries == 0 {
        return false;
    }
    let (readable, ends) = readable_prefix(&t.out);
    if readable < MIN_READABLE {
        return false;
    }
    // the input byte whose output first passed what reads
    let Some(stop_in) = t.written.iter().position(|&w| w > readable) else {
        return false;
    };
    // ... and, when the decoder failed on a code no stream holds, the byte it failed on: all
    // it gave before may read (a hit that broke it at once)
    let failed_at = t.written.len() - 1;
    // the hit's output is within the operation that does not read (a `TJ` array may be a few
    // hundred bytes long), or just after it
    let op_end = {
        let mut lx = crate::content::Lexer::new(&t.out[readable..]);
        lx.next_op().map_or(t.out.len(), |_| readable + lx.pos())
    };
    let op_last_in = t
        .written
        .iter()
        .position(|&w| w >= op_end)
        .unwrap_or(t.written.len() - 1)
        .min(stop_in + MAX_OP_INPUT);
    let near_stop = stop_in.saturating_sub(LOOK_BACK).max(2)..=op_last_in + LOOK_AHEAD;
    let near_fail = failed_at.saturating_sub(LOOK_BACK_FAILED).max(2)..=failed_at + LOOK_AHEAD;
    let mut seen = std::collections::BTreeSet::new();
    let positions: Vec<usize> = near_stop
        .chain(near_fail.rev())
        .filter(|&at| at < d.len() && seen.insert(at))
        .collect();
    let Some(&from) = positions.iter().min() else {
        return false;
    };
    let Some(snap) = t.snapshots.iter().rev().find(|s| s.read <= from) else {
        return false;
    };
    // read again from the last operation that ends before the snapshot's output
    let restart = ends
        .iter()
        .rev()
        .find(|&&e| e <= snap.written)
        .copied()
        .unwrap_or(0);
    let goal = readable + VERIFY;
    let mut out = t.out[..snap.written].to_vec();
    // inflates `d` with byte `at` set to `v` from the snapshot up to `stop` bytes of output:
    // whether it is whole, and how far it reads
    let mut attempt = |d: &mut [u8], at: usize, v: u8, stop: usize| {
        let was = d[at];
        d[at] = v;
        let mut state = snap.state.clone();
        out.truncate(snap.written);
        let (st, end) = run(&mut state, d, snap.read, &mut out, snap.written, stop);
        d[at] = was;
        let reads = restart + readable_prefix(&out[restart..end]).0;
        (st == TINFLStatus::Done, reads)
    };
    // values that make the output read on for `VERIFY` bytes ...
    let mut near: Vec<(usize, u32, usize, usize, u8)> = Vec::new();
    'search: for &at in &positions {
        let was = d[at];
        for v in (0..=255u8).filter(|&v| v != was) {
            if *tries == 0 {
                break 'search;
            }
            *tries -= 1;
            let (whole, reads) = attempt(d, at, v, goal);
            if whole {
                d[at] = v;
                return true;
            }
            if reads >= readable + VERIFY / 2 {
                let off = at.abs_diff(stop_in).min(at.abs_diff(failed_at));
                near.push((reads, (was ^ v).count_ones(), off, at, v));
            }
        }
    }
    // ... the furthest first, then the nearest to what the hit left (a flipped bit) and to
    // where the output stopped reading or the decoder failed: read
    // through to the end, one of them may be the stream as it was ...
    near.sort_by_key(|&(r, h, off, at, _)| (std::cmp::Reverse(r), h, off, at));
    near.truncate(SECOND_LOOK);
    for &(_, _, _, at, v) in &near {
        *tries = tries.saturating_sub(SECOND_LOOK_COST);
        if attempt(d, at, v, MAX_OUTPUT).0 {
            d[at] = v;
            return true;
        }
    }
    // ... or lead to it once the next hit is mended. (How far each reads past the next hit
    // says nothing: garbage reads longer or shorter by chance.)
    for &(_, _, _, at, v) in near.iter().take(BRANCHES) {
        let was = d[at];
        d[at] = v;
        if mend_from(d, tracked(d), tries, depth + 1) {
            return true;
        }
        d[at] = was;
    }
    false
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// Bytes compressed as a PDF producer does (zlib).
    pub(crate) fn zlib(bytes: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(bytes).unwrap();
        z.finish().unwrap()
    }

    /// A page's content of `lines` lines, compressed: positions drawn from a generator seeded
    /// with `seed`, so that it compresses little, as real pages do.
    pub(crate) fn page_of(seed: u64, lines: usize) -> Vec<u8> {
        let mut x = seed;
        let mut text = String::new();
        for i in 0..lines {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text += &format!(
                "BT /F1 9 Tf {} {} Td (Ligne {i} du Pacte régional) Tj ET\n",
                x >> 50,
                x >> 54
            );
        }
        zlib(text.as_bytes())
    }

    fn page(seed: u64) -> Vec<u8> {
        page_of(seed, 1500)
    }

    #[test]
    fn bytes_a_hit_changed_are_given_back() {
        let whole = page(3);
        assert!(tracked(&whole).whole);
        for (at, by) in [(whole.len() / 3, 0x5a_u8), (whole.len() / 2, 0x01)] {
            let mut hit = whole.clone();
            hit[at] ^= by;
            assert!(!tracked(&hit).whole);
            let mut tries = TRIES;
            let mended = mend_hit_bytes(&hit, &mut tries).expect("mended");
            assert!(mended == whole, "byte {at}");
        }
    }

    #[test]
    fn a_stream_hit_several_times_is_mended_whole_or_left_as_it_is() {
        // several hits are told apart only by the checksum at the stream's end, which a
        // search within its tries may not reach: never a stream that is not the one written
        let whole = page(5);
        for bits in [[0x10, 0x02, 0x40], [0x24, 0x81, 0x5a]] {
            let mut hit = whole.clone();
            for (k, bit) in bits.iter().enumerate() {
                hit[whole.len() * (k + 1) / 4] ^= bit;
            }
            let mut tries = TRIES / 10;
            if let Some(mended) = mend_hit_bytes(&hit, &mut tries) {
                assert!(mended == whole);
            }
        }
    }

    #[test]
    fn what_is_no_content_stream_is_left_and_tries_are_bounded() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(
            &(0..60_000u32)
                .map(|i| (i * 7919 % 251) as u8)
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let mut font = z.finish().unwrap();
        let n = font.len();
        font[n / 2] ^= 0x11;
        let mut tries = TRIES;
        assert!(mend_hit_bytes(&font, &mut tries).is_none());
        let mut hit = page(3);
        let n = hit.len();
        hit[n / 2] ^= 0x5a;
        let mut none = 0;
        assert!(mend_hit_bytes(&hit, &mut none).is_none());
        // random bytes after a zlib header: nothing to mend, and no panic
        let mut x = 11u64;
        for n in [3usize, 7, 40, 300, 2_000] {
            let mut junk = vec![0x78, 0x9c];
            junk.extend((0..n).map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 56) as u8
            }));
            let mut tries = 5_000;
            if let Some(m) = mend_hit_bytes(&junk, &mut tries) {
                assert!(tracked(&m).whole);
            }
        }
        // nothing, or no more than a header
        for short in [&[][..], &[0x78], &[0x78, 0x9c], &[0x78, 0x9c, 0x05]] {
            let mut tries = TRIES;
            assert!(mend_hit_bytes(short, &mut tries).is_none());
        }
    }
}
