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

/// Operators of content streams, the words of CMaps, and the reference of object streams.
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
    // (the objects of an object stream: `12 0 R` is the only word their text holds)
    b"R",
];

/// How many bytes of `out` read as a content stream or a CMap: up to the first word that is
/// not an operator of either (what a decoder gives once the bits it reads are shifted or
/// changed is bytes of the right alphabet in no order, whose words soon are none of these),
/// with the offsets where operations end, in order (places to read again from).
pub(crate) fn readable_prefix(out: &[u8]) -> (usize, Vec<usize>) {
    let (last, ends, _) = read_ops(out);
    (last, ends)
}

/// `readable_prefix`, and whether the reading stopped on an operation that does not read
/// (not at the end of `out`, in the middle of an operation cut short there).
fn read_ops(out: &[u8]) -> (usize, Vec<usize>, bool) {
    let mut lx = crate::content::Lexer::new(out);
    let mut last = 0;
    let mut ends = Vec::new();
    while let Some(op) = lx.next_op() {
        if !KNOWN.contains(&op)
            || !operands_fit(op, &lx.operands)
            || !hex_strings_whole(&out[last..lx.pos()])
        {
            return (last, ends, true);
        }
        last = lx.pos();
        ends.push(last);
    }
    (last, ends, false)
}

/// Whether the hexadecimal strings of an operation's text (`<0048004C>`) hold hex digits
/// only, an even number of them: the lexer reads past anything else, as readers do, but a
/// decoder out of step splices text into them (`<00.7723541 0 Td <0003>`), which producers
/// never write.
fn hex_strings_whole(op: &[u8]) -> bool {
    first_broken_hex(op).is_none()
}

/// Where in an operation's text the first hex string that is not whole begins (see
/// `hex_strings_whole`): within a long operation (a CMap's list of codes, a `TJ` array), the
/// place a hit's garbage begins.
fn first_broken_hex(op: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < op.len() {
        match op[i] {
            // a literal string, which may hold `<`: skipped
            b'(' => i = crate::content::literal_end(op, i),
            b'%' => {
                while i < op.len() && !matches!(op[i], b'\r' | b'\n') {
                    i += 1;
                }
            }
            b'<' if op.get(i + 1) == Some(&b'<') => i += 1,
            b'<' => {
                let start = i;
                let mut digits = 0usize;
                i += 1;
                while i < op.len() && op[i] != b'>' {
                    match op[i] {
                        c if c.is_ascii_hexdigit() => digits += 1,
                        c if c.is_ascii_whitespace() => {}
                        _ => return Some(start),
                    }
                    i += 1;
                }
                if digits % 2 == 1 {
                    return Some(start);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
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
    /// Whether the decoder read it through and only its checksum failed (a hit that kept
    /// the decoder in step but changed what it wrote: the decoder's end says nothing of where).
    checksum_only: bool,
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
/// end, or until the output reaches `stop`; returns the status, the input read and the
/// output's length.
fn run(
    state: &mut DecompressorOxide,
    data: &[u8],
    mut read: usize,
    out: &mut Vec<u8>,
    mut written: usize,
    stop: usize,
) -> (TINFLStatus, usize, usize) {
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
        return (st, read, written);
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
    let mut checksum_only = false;
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
                    checksum_only = st == TINFLStatus::Adler32Mismatch;
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
        checksum_only,
        written: written_at,
        snapshots,
    }
}

/// Output beyond where the stream stopped reading that a changed byte must make readable to
/// be taken for the byte that was hit.
const VERIFY: usize = 4096;
/// Output past where the stream stopped reading at which a value is first judged: one that
/// does not read on for half of it is not the byte that was hit.
const EARLY: usize = 256;
/// Input bytes before the one whose output stops reading among which a hit byte is looked
/// for first (garbage may read for a few words) ...
const LOOK_BACK: usize = 24;
/// ... and then, when none of them mends it (garbage that splices pieces of the page's own
/// text may read for a few hundred bytes) ...
const WIDE_LOOK_BACK: usize = 160;
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
const SECOND_LOOK_COST: usize = 200;
/// Most hit bytes mended in one stream.
const MAX_FIXES: usize = 64;

/// What mending the streams of one document may cost: values tried (about 1 µs each; two
/// seconds or so, at most six on the corpus files with one byte in 10,000 changed).
pub(crate) const TRIES: usize = 2_000_000;

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
/// the right one, and only the checksum tells them apart. `plain`: the stream's dictionary
/// says nothing of being a font program or an image (a content stream's or a CMap's says no
/// more than its filter and length), so that a hit the decoder fails on before any output (in
/// a block's code tables) is looked for too; in another stream, output that does not read
/// says it is no content stream.
pub(crate) fn mend_hit_bytes(data: &[u8], tries: &mut usize, plain: bool) -> Option<Vec<u8>> {
    // (a zlib stream has a two-byte header before anything to mend)
    if data.len() < 3 || data.len() > MAX_INPUT {
        return None;
    }
    let t = tracked(data);
    if t.whole || t.ran_out || t.out.len() >= MAX_OUTPUT {
        return None;
    }
    let mut d = data.to_vec();
    mend_from(&mut d, t, tries, 0, plain).then_some(d)
}

/// Feeds the decoder of `base` the bytes of `d` up to `at` (writing into `out`, whose bytes
/// before `base.written` are the stream's output so far); false when it cannot get there (the
/// stream ends or fails first).
fn advance(base: &mut Snapshot, d: &[u8], out: &mut Vec<u8>, at: usize) -> bool {
    while base.read < at {
        if out.len() < base.written + 4096 {
            out.resize(base.written + (64 << 10), 0);
        }
        let (st, r, w) = decompress(
            &mut base.state,
            &d[base.read..at],
            out,
            base.written,
            FLAGS | TINFL_FLAG_HAS_MORE_INPUT,
        );
        base.read += r;
        base.written += w;
        match st {
            TINFLStatus::HasMoreOutput if base.written < MAX_OUTPUT => {}
            TINFLStatus::NeedsMoreInput => {}
            _ => return false,
        }
        if r == 0 && w == 0 && st != TINFLStatus::HasMoreOutput {
            return false;
        }
    }
    true
}

/// One step of `mend_hit_bytes`: mends `d` (inflated as `t`) in place, or leaves it as it was
/// and says it could not.
fn mend_from(d: &mut [u8], t: Tracked, tries: &mut usize, depth: usize, plain: bool) -> bool {
    if depth >= MAX_FIXES || *tries == 0 {
        return false;
    }
    let (readable, ends) = readable_prefix(&t.out);
    // (a hit in the first block's code tables fails the decoder before any output)
    let header_hit = plain && depth == 0 && !t.checksum_only && t.out.len() < MIN_READABLE;
    if readable < MIN_READABLE && !header_hit {
        return false;
    }
    // the input byte whose output first passed what reads (the one the decoder failed on
    // when it gave nothing)
    let Some(stop_in) = t
        .written
        .iter()
        .position(|&w| w > readable)
        .or(header_hit.then_some(t.written.len() - 1))
    else {
        return false;
    };
    // ... and, when the decoder failed on a code no stream holds, the byte it failed on: all
    // it gave before may read (a hit that broke it at once)
    let failed_at = t.written.len() - 1;
    // the hit's output is within the operation that does not read (a `TJ` array may be a few
    // hundred bytes long), or just after it
    // (and where its word begins when it is no operator: garbage, in a long operation)
    let (op_end, stray_word) = {
        let mut lx = crate::content::Lexer::new(&t.out[readable..]);
        match lx.next_op() {
            Some(op) => {
                let end = readable + lx.pos();
                (
                    end,
                    (!KNOWN.contains(&op)).then(|| end - op.len() - readable),
                )
            }
            None => (t.out.len(), None),
        }
    };
    let op_last_in = t
        .written
        .iter()
        .position(|&w| w >= op_end)
        .unwrap_or(t.written.len() - 1)
        .min(stop_in + MAX_OP_INPUT);
    // ... and when a hex string in it is broken, or it ends on a word that is no operator, just
    // before the input that wrote that (an operation may be longer than `MAX_OP_INPUT`: a
    // CMap's list of codes, a font's widths in an object stream)
    let broken_in = first_broken_hex(&t.out[readable..op_end])
        .into_iter()
        .chain(stray_word)
        .min()
        .and_then(|at| t.written.iter().position(|&w| w > readable + at));
    // the hit is most often among the bytes just before where the output stops reading;
    // garbage that splices pieces of the page's own text may read on for a while
    let around = Around {
        readable,
        ends: &ends,
        stop_in,
        failed_at,
    };
    let mut seen = std::collections::BTreeSet::new();
    for look_back in [LOOK_BACK, WIDE_LOOK_BACK] {
        let near_stop = stop_in.saturating_sub(look_back).max(2)..=op_last_in + LOOK_AHEAD;
        let near_broken = broken_in
            .filter(|&b| b > op_last_in)
            .map(|b| b.saturating_sub(look_back).max(2)..=b + LOOK_AHEAD);
        // (a stream read through to its checksum: its end is no clue)
        let near_fail = (!t.checksum_only).then(|| {
            (failed_at.saturating_sub(LOOK_BACK_FAILED).max(2)..=failed_at + LOOK_AHEAD).rev()
        });
        let positions: Vec<usize> = near_stop
            .chain(near_broken.into_iter().flatten())
            .chain(near_fail.into_iter().flatten())
            .filter(|&at| at < d.len() && seen.insert(at))
            .collect();
        if search(d, &t, tries, depth, plain, &around, positions) {
            return true;
        }
    }
    false
}

/// Where a stream's output stops reading (`mend_from`).
struct Around<'a> {
    readable: usize,
    ends: &'a [usize],
    stop_in: usize,
    failed_at: usize,
}

/// `mend_from`'s search among `positions`: every value of each, then the values that read on
/// furthest read through, then followed to the next hit.
fn search(
    d: &mut [u8],
    t: &Tracked,
    tries: &mut usize,
    depth: usize,
    plain: bool,
    around: &Around,
    positions: Vec<usize>,
) -> bool {
    let Around {
        readable,
        ends,
        stop_in,
        failed_at,
    } = *around;
    let mut positions = positions;
    positions.sort_unstable();
    let Some(&from) = positions.first() else {
        return false;
    };
    let Some(snap) = t.snapshots.iter().rev().find(|s| s.read <= from) else {
        return false;
    };
    let goal = readable + VERIFY;
    let mut out = t.out[..snap.written].to_vec();
    // (read again from the last operation that ends before the output a try starts from)
    let restart = |written: usize| {
        ends.iter()
            .rev()
            .find(|&&e| e <= written)
            .copied()
            .unwrap_or(0)
    };
    // inflates `d` with byte `at` set to `v` from `base` (the decoder just before `at`, or
    // before it) up to `stop` bytes of output: whether it is whole, and how far it reads (a
    // value that does not read on for `EARLY` bytes is dropped there: most do not)
    let attempt =
        |d: &mut [u8], out: &mut Vec<u8>, base: &Snapshot, at: usize, v: u8, stop: usize| {
            let was = d[at];
            d[at] = v;
            let mut state = base.state.clone();
            out.truncate(base.written);
            let from = restart(base.written);
            // (the byte may come after the output that reads: within a long operation, a CMap's
            // list of codes, that does not read for it)
            let stop = stop.max(base.written + EARLY);
            let early = (readable.max(base.written) + EARLY).min(stop);
            let (mut st, read, mut end) = run(&mut state, d, base.read, out, base.written, early);
            let (r, _, failed) = read_ops(&out[from..end]);
            let mut reads = from + r;
            // (an operation longer than `EARLY`, a `TJ` array, is read on)
            let promising = reads >= readable + EARLY / 2 || (!failed && reads >= readable);
            if st == TINFLStatus::HasMoreOutput && end < stop && promising {
                (st, _, end) = run(&mut state, d, read, out, end, stop);
                reads = from + readable_prefix(&out[from..end]).0;
            }
            d[at] = was;
            (st == TINFLStatus::Done, reads)
        };
    // values that make the output read on for `VERIFY` bytes, each position's tried from the
    // decoder's state just before it (advanced along the stream's bytes from the snapshot)
    let mut base = Snapshot {
        state: snap.state.clone(),
        read: snap.read,
        written: snap.written,
    };
    let mut near: Vec<(usize, u32, usize, usize, u8)> = Vec::new();
    'search: for &at in &positions {
        if !advance(&mut base, d, &mut out, at) {
            break;
        }
        let was = d[at];
        for v in (0..=255u8).filter(|&v| v != was) {
            if *tries == 0 {
                break 'search;
            }
            *tries -= 1;
            let (whole, reads) = attempt(d, &mut out, &base, at, v, goal);
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
        if attempt(d, &mut out, snap, at, v, MAX_OUTPUT).0 {
            d[at] = v;
            return true;
        }
    }
    // ... or lead to it once the next hit is mended. (How far each reads past the next hit
    // says nothing: garbage reads longer or shorter by chance.)
    for &(_, _, _, at, v) in near.iter().take(BRANCHES) {
        let was = d[at];
        d[at] = v;
        if mend_from(d, tracked(d), tries, depth + 1, plain) {
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
            let mended = mend_hit_bytes(&hit, &mut tries, false).expect("mended");
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
            if let Some(mended) = mend_hit_bytes(&hit, &mut tries, false) {
                assert!(mended == whole);
            }
        }
    }

    /// The first byte change, from `from` on, that `fails` says the hit should give.
    fn hit_such_that(
        whole: &[u8],
        from: usize,
        fails: impl Fn(&Tracked) -> bool,
    ) -> Option<Vec<u8>> {
        (from..whole.len()).find_map(|at| {
            [0x01u8, 0x5a, 0xa5, 0x10, 0x80].iter().find_map(|&x| {
                let mut hit = whole.to_vec();
                hit[at] ^= x;
                fails(&tracked(&hit)).then_some(hit)
            })
        })
    }

    /// A page drawn glyph by glyph, as Chromium's Skia draws them: each glyph id a hex string
    /// after the move to its place.
    pub(crate) fn glyph_page(seed: u64, glyphs: usize) -> Vec<u8> {
        let mut x = seed;
        let mut text = String::from("BT\n/F5 11.33 Tf\n1 0 0 -1 13 59042 Tm\n");
        for _ in 0..glyphs {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let widths = [
                "5.6640625",
                "6.3001709",
                "3.1473389",
                "2.5167236",
                "9.4364319",
            ];
            let w = widths[(x >> 40) as usize % widths.len()];
            text += &format!("{w} 0 Td <{:04X}> Tj\n", 0x44 + (x >> 58));
        }
        zlib(text.as_bytes())
    }

    #[test]
    fn a_hit_that_keeps_the_decoder_in_step_is_found_too() {
        // the decoder reads such a stream through and only its checksum fails: what it wrote
        // from the hit on splices pieces of the page's own text, and its end says nothing
        for (seed, from) in [(11, 2), (11, 3), (12, 2)] {
            let whole = glyph_page(seed, 6000);
            let hit =
                hit_such_that(&whole, whole.len() * from / 5, |t| t.checksum_only).expect("a hit");
            let mut tries = TRIES;
            assert!(
                mend_hit_bytes(&hit, &mut tries, false).as_deref() == Some(&whole[..]),
                "seed {seed}, from {from}"
            );
        }
        // the splices that read as content are not taken for it
        let (readable, _) =
            readable_prefix(b"1 0 Td <0050> Tj 2.5 0 Td <00.7723541 0 Td <0003> Tj");
        assert_eq!(readable, 25, "stops before the hex string holding a number");
        assert_eq!(readable_prefix(b"<001> Tj").0, 0, "an odd hex string");
        assert_eq!(
            readable_prefix(b"(a <b) Tj <0A 0B> Tj").0,
            20,
            "literal strings may hold <"
        );
    }

    #[test]
    fn a_hit_inside_a_cmaps_long_list_is_found() {
        // a `/ToUnicode` map's `bfchar` list is one operation a kilobyte long: a hit in it
        // leaves the output reading only up to the list's start, before the hit
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /T-0 def\n\
             1 begincodespacerange <00> <FF> endcodespacerange\n200 beginbfchar\n",
        );
        let mut x = 7u64;
        for c in 0..200u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            cmap += &format!("<{:02X}> <{:04X}>\n", c, 0x20 + (x >> 52) % 0x2000);
        }
        cmap += "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n";
        let whole = zlib(cmap.as_bytes());
        let mut mended = 0;
        for at in (whole.len() / 3..whole.len() * 2 / 3).step_by(97) {
            let mut hit = whole.clone();
            hit[at] ^= 0x24;
            if tracked(&hit).whole {
                continue;
            }
            let mut tries = TRIES;
            assert!(
                mend_hit_bytes(&hit, &mut tries, true).as_deref() == Some(&whole[..]),
                "byte {at} of {}",
                whole.len()
            );
            mended += 1;
        }
        assert!(mended >= 3, "{mended} hits tried");
    }

    #[test]
    fn a_hit_in_a_blocks_code_tables_is_looked_for_in_plain_streams_only() {
        // the decoder fails before writing anything: no output says the stream is content,
        // so only a stream whose dictionary says nothing of being a font or an image is tried
        let whole = page(13);
        let hit = hit_such_that(&whole, 3, |t| t.out.is_empty() && !t.ran_out).expect("a hit");
        let mut tries = TRIES;
        assert!(mend_hit_bytes(&hit, &mut tries, false).is_none());
        assert_eq!(tries, TRIES, "nothing tried in a stream that may be a font");
        assert!(mend_hit_bytes(&hit, &mut tries, true).as_deref() == Some(&whole[..]));
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
        assert!(mend_hit_bytes(&font, &mut tries, false).is_none());
        let mut hit = page(3);
        let n = hit.len();
        hit[n / 2] ^= 0x5a;
        let mut none = 0;
        assert!(mend_hit_bytes(&hit, &mut none, false).is_none());
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
            if let Some(m) = mend_hit_bytes(&junk, &mut tries, false) {
                assert!(tracked(&m).whole);
            }
        }
        // nothing, or no more than a header
        for short in [&[][..], &[0x78], &[0x78, 0x9c], &[0x78, 0x9c, 0x05]] {
            let mut tries = TRIES;
            assert!(mend_hit_bytes(short, &mut tries, false).is_none());
        }
    }
}
