//! A content-stream lexer that allocates nothing per operation: operands go to a reused
//! buffer (strings and names decoded into one scratch buffer) and each call yields the next
//! operator. Lenient: stray delimiters are skipped, malformed numbers become [`Operand::Other`]
//! (the walker drops operators whose operands do not fit), inline image data is skipped.

use std::ops::Range;

/// One operand of the current operation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Num(f32),
    /// A name (without `/`, `#xx` decoded): a range of the scratch buffer.
    Name(Range<u32>),
    /// A literal or hexadecimal string (decoded): a range of the scratch buffer.
    Str(Range<u32>),
    ArrOpen,
    ArrClose,
    /// Anything else (booleans, null, dictionaries' brackets, malformed tokens).
    Other,
}

/// Most operands kept before an operator (a guard against garbage streams).
const MAX_OPERANDS: usize = 1 << 16;

pub(crate) struct Lexer<'a> {
    buf: &'a [u8],
    pos: usize,
    pub operands: Vec<Operand>,
    scratch: Vec<u8>,
}

fn is_white(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// Where the literal string opened by the `(` at `open` of `s` ends: the index of its closing
/// `)` (nested parentheses and escapes counted), or `s.len()` when it is not closed.
pub(crate) fn literal_end(s: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < s.len() {
        match s[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    s.len()
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(buf: &'a [u8]) -> Lexer<'a> {
        Lexer {
            buf,
            pos: 0,
            operands: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// How far into the buffer the lexer has read.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The bytes of a name or string operand.
    pub fn bytes(&self, r: &Range<u32>) -> &[u8] {
        &self.scratch[r.start as usize..r.end as usize]
    }

    fn push(&mut self, o: Operand) {
        if self.operands.len() < MAX_OPERANDS {
            self.operands.push(o);
        }
    }

    /// Reads up to the next operator and returns it; its operands are in `operands`.
    pub fn next_op(&mut self) -> Option<&'a [u8]> {
        self.operands.clear();
        self.scratch.clear();
        let buf = self.buf;
        loop {
            let b = *buf.get(self.pos)?;
            if is_white(b) {
                self.pos += 1;
                continue;
            }
            match b {
                b'%' => {
                    while self.pos < buf.len() && !matches!(buf[self.pos], b'\r' | b'\n') {
                        self.pos += 1;
                    }
                }
                b'/' => {
                    self.pos += 1;
                    let start = self.scratch.len() as u32;
                    while let Some(&c) = buf.get(self.pos) {
                        if is_white(c) || is_delim(c) {
                            break;
                        }
                        if c == b'#' {
                            if let (Some(h), Some(l)) = (
                                buf.get(self.pos + 1).and_then(|&x| hex_val(x)),
                                buf.get(self.pos + 2).and_then(|&x| hex_val(x)),
                            ) {
                                self.scratch.push(h << 4 | l);
                                self.pos += 3;
                                continue;
                            }
                        }
                        self.scratch.push(c);
                        self.pos += 1;
                    }
                    let end = self.scratch.len() as u32;
                    self.push(Operand::Name(start..end));
                }
                b'(' => {
                    self.pos += 1;
                    let r = self.literal();
                    self.push(Operand::Str(r));
                }
                b'<' if buf.get(self.pos + 1) == Some(&b'<') => {
                    self.pos += 2;
                    self.push(Operand::Other);
                }
                b'>' if buf.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    self.push(Operand::Other);
                }
                b'<' => {
                    self.pos += 1;
                    let r = self.hex();
                    self.push(Operand::Str(r));
                }
                b'[' => {
                    self.pos += 1;
                    self.push(Operand::ArrOpen);
                }
                b']' => {
                    self.pos += 1;
                    self.push(Operand::ArrClose);
                }
                b'{' | b'}' => {
                    self.pos += 1;
                    self.push(Operand::Other);
                }
                b')' | b'>' => self.pos += 1,
                _ => {
                    let start = self.pos;
                    while self.pos < buf.len()
                        && !is_white(buf[self.pos])
                        && !is_delim(buf[self.pos])
                    {
                        self.pos += 1;
                    }
                    let tok = &buf[start..self.pos];
                    match tok[0] {
                        b'0'..=b'9' | b'+' | b'-' | b'.' => {
                            let v = std::str::from_utf8(tok)
                                .ok()
                                .and_then(|s| s.parse::<f32>().ok())
                                .filter(|v| v.is_finite());
                            self.push(v.map_or(Operand::Other, Operand::Num));
                        }
                        _ if tok == b"true" || tok == b"false" || tok == b"null" => {
                            self.push(Operand::Other)
                        }
                        _ => {
                            if tok == b"BI" {
                                self.skip_inline_image();
                            }
                            return Some(tok);
                        }
                    }
                }
            }
        }
    }

    /// A literal string after its `(`: nested parentheses, escapes.
    fn literal(&mut self) -> Range<u32> {
        let buf = self.buf;
        let start = self.scratch.len() as u32;
        let mut depth = 1usize;
        while let Some(&c) = buf.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    self.scratch.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    self.scratch.push(c);
                }
                b'\\' => {
                    let Some(&e) = buf.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => self.scratch.push(b'\n'),
                        b'r' => self.scratch.push(b'\r'),
                        b't' => self.scratch.push(b'\t'),
                        b'b' => self.scratch.push(8),
                        b'f' => self.scratch.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match buf.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            self.scratch.push(v as u8);
                        }
                        // A line continuation.
                        b'\r' => {
                            if buf.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        _ => self.scratch.push(e),
                    }
                }
                _ => self.scratch.push(c),
            }
        }
        start..self.scratch.len() as u32
    }

    /// A hexadecimal string after its `<`.
    fn hex(&mut self) -> Range<u32> {
        let buf = self.buf;
        let start = self.scratch.len() as u32;
        let mut hi: Option<u8> = None;
        while let Some(&c) = buf.get(self.pos) {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hex_val(c) {
                match hi.take() {
                    Some(h) => self.scratch.push(h << 4 | v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            self.scratch.push(h << 4);
        }
        start..self.scratch.len() as u32
    }

    /// Skips an inline image (`BI … ID data EI`) after its `BI`.
    fn skip_inline_image(&mut self) {
        let buf = self.buf;
        let white = |i: usize| buf.get(i).is_none_or(|&c| is_white(c));
        // The `ID` operator.
        let mut i = self.pos;
        loop {
            if i + 2 > buf.len() {
                self.pos = buf.len();
                return;
            }
            if &buf[i..i + 2] == b"ID" && (i == 0 || is_white(buf[i - 1])) && white(i + 2) {
                break;
            }
            i += 1;
        }
        // The data, up to a whitespace-delimited `EI`.
        let mut j = i + 3;
        while j + 2 <= buf.len() {
            if &buf[j..j + 2] == b"EI" && is_white(buf[j - 1]) && white(j + 2) {
                self.pos = j + 2;
                return;
            }
            j += 1;
        }
        self.pos = buf.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(s: &[u8]) -> Vec<(String, Vec<Operand>, Vec<u8>)> {
        let mut lx = Lexer::new(s);
        let mut out = Vec::new();
        while let Some(op) = lx.next_op() {
            out.push((
                String::from_utf8_lossy(op).into_owned(),
                lx.operands.clone(),
                lx.scratch.clone(),
            ));
        }
        out
    }

    #[test]
    fn lexes_text_operators() {
        let v =
            ops(b"BT /F#31 12 Tf 1 0 0 1 -.5 7. Tm (a\\(b\\)\\101\\\n) Tj [<4142> -20 (c)] TJ ET");
        assert_eq!(v.len(), 6);
        assert_eq!(v[1].0, "Tf");
        assert_eq!(v[1].2, b"F1");
        assert_eq!(v[1].1[1], Operand::Num(12.0));
        assert_eq!(v[2].1[4], Operand::Num(-0.5));
        assert_eq!(v[2].1[5], Operand::Num(7.0));
        assert_eq!(v[3].2, b"a(b)A");
        assert_eq!(v[4].0, "TJ");
        assert_eq!(v[4].2, b"ABc");
        assert_eq!(v[4].1[2], Operand::Num(-20.0));
    }

    #[test]
    fn skips_inline_images_comments_and_dictionaries() {
        let v = ops(b"q BI /W 1 /H 1 ID \x00EI)( EI Q % c\n/P <</MCID 0>> BDC (x) Tj");
        let names: Vec<&str> = v.iter().map(|o| o.0.as_str()).collect();
        assert_eq!(names, ["q", "BI", "Q", "BDC", "Tj"]);
        assert_eq!(v[4].2, b"x");
    }
}
