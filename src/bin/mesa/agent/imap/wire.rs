//! The IMAP4rev1 wire format (RFC 3501), the part the agent's client needs: reading one
//! response (a line, continued after each literal `{n}` it announces), and reading its data as
//! atoms, strings (quoted or literal), lists and NIL. Sizes are capped: a line or a literal over
//! its limit is an error, never an allocation the server chose.

use std::io::{BufRead, Read};

/// A response: its first word (`*`, `+` or the command's tag) and the rest of its text, with
/// the literals it carried (where the text says `{n}`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Response {
    pub tag: String,
    pub text: Vec<u8>,
    pub literals: Vec<Vec<u8>>,
}

/// A piece of response data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Atom(String),
    Bytes(Vec<u8>),
    List(Vec<Item>),
    Nil,
}

impl Item {
    pub fn atom(&self) -> Option<&str> {
        match self {
            Item::Atom(a) => Some(a),
            _ => None,
        }
    }
}

/// Why a response could not be read.
#[derive(Debug)]
pub enum WireError {
    Io(std::io::Error),
    /// The connection ended.
    Closed,
    TooLong(&'static str, usize),
    Malformed(String),
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(e) => write!(f, "{e}"),
            Self::Closed => f.write_str("the server closed the connection"),
            Self::TooLong(what, limit) => write!(f, "the server sent a {what} over {limit} bytes"),
            Self::Malformed(why) => write!(f, "unreadable answer from the server: {why}"),
        }
    }
}

/// The most bytes of one line, and of one literal.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub line: usize,
    pub literal: usize,
}

/// Reads one line, CRLF (or LF) included.
fn read_line(r: &mut impl BufRead, limit: usize) -> Result<Vec<u8>, WireError> {
    let mut line = Vec::new();
    let n = r
        .by_ref()
        .take(limit as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(WireError::Io)?;
    if n == 0 {
        return Err(WireError::Closed);
    }
    if !line.ends_with(b"\n") {
        return Err(if line.len() > limit {
            WireError::TooLong("line", limit)
        } else {
            WireError::Closed
        });
    }
    Ok(line)
}

/// The size of the literal a line announces at its end (`{12}` or `{12+}`).
fn literal_at_end(line: &[u8]) -> Option<usize> {
    let line = line.strip_suffix(b"\n")?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let inner = line.strip_suffix(b"}")?;
    let open = inner.iter().rposition(|&c| c == b'{')?;
    let digits = &inner[open + 1..];
    let digits = digits.strip_suffix(b"+").unwrap_or(digits);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) || digits.len() > 12 {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Reads one whole response.
pub fn read_response(r: &mut impl BufRead, limits: Limits) -> Result<Response, WireError> {
    let mut text = Vec::new();
    let mut literals = Vec::new();
    loop {
        let line = read_line(r, limits.line)?;
        let literal = literal_at_end(&line);
        text.extend_from_slice(&line);
        let Some(size) = literal else { break };
        if size > limits.literal {
            return Err(WireError::TooLong("literal", limits.literal));
        }
        let mut bytes = vec![0; size];
        r.read_exact(&mut bytes).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => WireError::Closed,
            _ => WireError::Io(e),
        })?;
        literals.push(bytes);
    }
    while text.last().is_some_and(|c| *c == b'\n' || *c == b'\r') {
        text.pop();
    }
    let space = text.iter().position(|&c| c == b' ').unwrap_or(text.len());
    let tag = String::from_utf8_lossy(&text[..space]).into_owned();
    let rest = text.get(space + 1..).unwrap_or_default().to_vec();
    Ok(Response {
        tag,
        text: rest,
        literals,
    })
}

impl Response {
    /// The text as a string (status responses, logs).
    pub fn line(&self) -> String {
        String::from_utf8_lossy(&self.text).into_owned()
    }

    /// A status response's word (`OK`, `NO`, `BAD`, `BYE`, `PREAUTH`), its response code (the
    /// text between `[` and `]`, if any) and its human text.
    pub fn status(&self) -> (String, Option<String>, String) {
        let line = self.line();
        let (word, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        let rest = rest.trim_start();
        let (code, human) = match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
            Some((code, human)) => (Some(code.to_string()), human.trim().to_string()),
            None => (None, rest.to_string()),
        };
        (word.to_ascii_uppercase(), code, human)
    }

    /// The data of an untagged response, read as items.
    pub fn items(&self) -> Result<Vec<Item>, WireError> {
        let mut parser = Parser {
            text: &self.text,
            at: 0,
            literals: self.literals.iter(),
        };
        let mut out = Vec::new();
        while let Some(item) = parser.item()? {
            out.push(item);
        }
        Ok(out)
    }
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    literals: std::slice::Iter<'a, Vec<u8>>,
}

impl Parser<'_> {
    fn skip_spaces(&mut self) {
        while self.text.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
    }

    fn malformed(&self, why: &str) -> WireError {
        WireError::Malformed(format!("{why} at byte {}", self.at))
    }

    /// The next item; `None` at the end of the text or of a list.
    fn item(&mut self) -> Result<Option<Item>, WireError> {
        self.skip_spaces();
        let Some(&c) = self.text.get(self.at) else {
            return Ok(None);
        };
        match c {
            b')' => Ok(None),
            b'(' => {
                self.at += 1;
                let mut list = Vec::new();
                while let Some(item) = self.item()? {
                    list.push(item);
                }
                if self.text.get(self.at) != Some(&b')') {
                    return Err(self.malformed("unclosed list"));
                }
                self.at += 1;
                Ok(Some(Item::List(list)))
            }
            b'"' => self.quoted().map(Some),
            b'{' => {
                let close = self.text[self.at..]
                    .iter()
                    .position(|&c| c == b'}')
                    .ok_or_else(|| self.malformed("unclosed literal size"))?;
                // The literal's bytes were read apart; its CRLF ends this line.
                self.at += close + 1;
                while matches!(self.text.get(self.at), Some(b'\r' | b'\n')) {
                    self.at += 1;
                }
                let bytes = self
                    .literals
                    .next()
                    .ok_or_else(|| self.malformed("literal without its bytes"))?;
                Ok(Some(Item::Bytes(bytes.clone())))
            }
            _ => {
                let start = self.at;
                let mut depth = 0usize; // `BODY[HEADER.FIELDS (A B)]` is one atom
                while let Some(&c) = self.text.get(self.at) {
                    match c {
                        b'[' => depth += 1,
                        b']' => depth = depth.saturating_sub(1),
                        b' ' | b'(' | b')' if depth == 0 => break,
                        b'\r' | b'\n' => break,
                        _ => {}
                    }
                    self.at += 1;
                }
                let atom = String::from_utf8_lossy(&self.text[start..self.at]).into_owned();
                Ok(Some(if atom.eq_ignore_ascii_case("NIL") {
                    Item::Nil
                } else {
                    Item::Atom(atom)
                }))
            }
        }
    }

    fn quoted(&mut self) -> Result<Item, WireError> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            match self.text.get(self.at) {
                None => return Err(self.malformed("unclosed string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Item::Bytes(out));
                }
                Some(b'\\') => {
                    let escaped = self.text.get(self.at + 1).copied();
                    out.push(escaped.ok_or_else(|| self.malformed("unclosed string"))?);
                    self.at += 2;
                }
                Some(&c) => {
                    out.push(c);
                    self.at += 1;
                }
            }
        }
    }
}

/// An argument as a quoted string, when it can be one (printable ASCII); `None` when it needs
/// a literal.
pub fn quoted(value: &str) -> Option<String> {
    let plain = value.bytes().all(|b| (0x20..0x7f).contains(&b));
    plain.then(|| format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        line: 1_000,
        literal: 100,
    };

    fn read(bytes: &[u8]) -> Result<Response, WireError> {
        read_response(&mut std::io::Cursor::new(bytes), LIMITS)
    }

    #[test]
    fn a_fetch_with_a_literal_body_reads_as_items() {
        let r = read(b"* 3 FETCH (UID 17 RFC822.SIZE 10 BODY[] {10}\r\nab\r\ncd\r\n\r\n FLAGS (\\Seen $Mesa))\r\n")
            .unwrap();
        assert_eq!(r.tag, "*");
        let items = r.items().unwrap();
        assert_eq!(items[0].atom(), Some("3"));
        assert_eq!(items[1].atom(), Some("FETCH"));
        let Item::List(list) = &items[2] else {
            panic!("{items:?}")
        };
        assert_eq!(list[1], Item::Atom("17".into()));
        assert_eq!(list[3], Item::Atom("10".into()));
        assert_eq!(list[4], Item::Atom("BODY[]".into()));
        assert_eq!(list[5], Item::Bytes(b"ab\r\ncd\r\n\r\n".to_vec()));
        assert_eq!(
            list[7],
            Item::List(vec![
                Item::Atom("\\Seen".into()),
                Item::Atom("$Mesa".into())
            ])
        );
    }

    #[test]
    fn status_lines_give_their_code_and_text() {
        let r = read(b"a2 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n").unwrap();
        assert_eq!(r.tag, "a2");
        let (word, code, text) = r.status();
        assert_eq!((word.as_str(), code.as_deref()), ("OK", Some("READ-WRITE")));
        assert!(text.starts_with("Select completed"));
        let r = read(b"* OK [PERMANENTFLAGS (\\Seen \\*)] Flags permitted.\r\n").unwrap();
        assert_eq!(r.status().1.as_deref(), Some("PERMANENTFLAGS (\\Seen \\*)"));
        let r = read(b"a1 NO [AUTHENTICATIONFAILED] Authentication failed.\n").unwrap();
        assert_eq!(r.status().0, "NO");
    }

    #[test]
    fn quoted_strings_nil_and_nested_brackets() {
        let r = read(b"* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] \"a \\\"b\\\" \\\\c\" X NIL)\r\n")
            .unwrap();
        let items = r.items().unwrap();
        let Item::List(list) = &items[2] else {
            panic!()
        };
        assert_eq!(list[0], Item::Atom("BODY[HEADER.FIELDS (SUBJECT)]".into()));
        assert_eq!(list[1], Item::Bytes(b"a \"b\" \\c".to_vec()));
        assert_eq!(list[3], Item::Nil);
    }

    #[test]
    fn sizes_over_the_limits_and_cut_answers_are_errors_not_panics() {
        let huge = format!("* 1 FETCH (BODY[] {{{}}}\r\n", 1_000_000);
        assert!(matches!(
            read(huge.as_bytes()),
            Err(WireError::TooLong("literal", 100))
        ));
        let long = format!("* {}\r\n", "x".repeat(2_000));
        assert!(matches!(
            read(long.as_bytes()),
            Err(WireError::TooLong("line", 1_000))
        ));
        assert!(matches!(
            read(b"* 1 FETCH (BODY[] {50}\r\nshort"),
            Err(WireError::Closed)
        ));
        assert!(matches!(read(b"* OK no end"), Err(WireError::Closed)));
        assert!(matches!(read(b""), Err(WireError::Closed)));
        let r = read(b"* 1 FETCH (UID 1 \"open\r\n").unwrap();
        assert!(r.items().is_err());
        let r = read(b"* 1 FETCH ((((\r\n").unwrap();
        assert!(r.items().is_err());
    }

    #[test]
    fn arguments_are_quoted_when_they_can_be() {
        assert_eq!(quoted("INBOX").as_deref(), Some("\"INBOX\""));
        assert_eq!(quoted("a\"b\\c").as_deref(), Some("\"a\\\"b\\\\c\""));
        assert_eq!(quoted("contraseña"), None);
        assert_eq!(quoted("two\r\nlines"), None);
    }
}
