//! A small blocking IMAP4rev1 client (RFC 3501) for the agent's mail in: LOGIN, SELECT, UID
//! SEARCH, UID FETCH (sizes, then one whole message with `BODY.PEEK[]`, which leaves it unread),
//! UID STORE and LOGOUT, over TCP or TLS (`imaps://`, rustls: the public roots and `--imap-ca`).
//! Every read and write gives up after the agent's timeout. The password travels only in the
//! LOGIN command; nothing here logs it.

pub mod options;
mod tls;
pub mod wire;

use std::io::{BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use options::ImapOptions;
use wire::{quoted, read_response, Item, Limits, Response, WireError};

/// Why the mailbox could not be used.
#[derive(Debug)]
pub enum ImapError {
    /// The server cannot be reached or used now (refused, timed out, closed, TLS): later.
    Unavailable(String),
    /// The server refused the login.
    Auth(String),
    /// The server refused a command or answered something unreadable.
    Refused(String),
}

impl std::fmt::Display for ImapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unavailable(why) => write!(f, "the IMAP server is unavailable: {why}"),
            Self::Auth(why) => write!(f, "the IMAP server refused the login: {why}"),
            Self::Refused(why) => write!(f, "the IMAP server refused: {why}"),
        }
    }
}

impl From<WireError> for ImapError {
    fn from(e: WireError) -> Self {
        match e {
            WireError::Malformed(_) | WireError::TooLong(..) => Self::Refused(e.to_string()),
            // TLS refused (a certificate nobody vouches for): trying again will not help.
            WireError::Io(ref io) if io.kind() == std::io::ErrorKind::InvalidData => {
                Self::Refused(format!("TLS: {e}"))
            }
            WireError::Io(_) | WireError::Closed => Self::Unavailable(e.to_string()),
        }
    }
}

fn io(e: std::io::Error) -> ImapError {
    ImapError::Unavailable(e.to_string())
}

/// The selected folder.
#[derive(Debug)]
pub struct Folder {
    pub uidvalidity: u32,
    /// The folder keeps keywords of our own (`\*` in its PERMANENTFLAGS).
    pub keywords: bool,
}

enum Conn {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Conn::Plain(s) => s.read(buf),
            Conn::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Conn::Plain(s) => s.write(buf),
            Conn::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Conn::Plain(s) => s.flush(),
            Conn::Tls(s) => s.flush(),
        }
    }
}

/// One logged-in connection.
pub struct Session {
    conn: BufReader<Conn>,
    next_tag: u32,
    limits: Limits,
}

/// UIDs as an IMAP set, at most 200 per command.
fn uid_sets(uids: &[u32]) -> Vec<String> {
    uids.chunks(200)
        .map(|c| c.iter().map(u32::to_string).collect::<Vec<_>>().join(","))
        .collect()
}

/// The pairs of a FETCH response's list, by name (upper case).
fn fetch_pairs(items: &[Item]) -> Vec<(String, &Item)> {
    let Some(Item::List(list)) = items.get(2) else {
        return Vec::new();
    };
    list.chunks(2)
        .filter_map(|pair| match pair {
            [Item::Atom(name), value] => Some((name.to_ascii_uppercase(), value)),
            _ => None,
        })
        .collect()
}

impl Session {
    /// Connects (TLS for `imaps://`), reads the greeting and logs in.
    pub fn open(
        options: &ImapOptions,
        timeout: Duration,
        max_message: usize,
    ) -> Result<Session, ImapError> {
        let addresses = (options.host.as_str(), options.port)
            .to_socket_addrs()
            .map_err(io)?;
        let mut last = ImapError::Unavailable(format!("{} has no address", options.host));
        let mut tcp = None;
        for address in addresses {
            match TcpStream::connect_timeout(&address, timeout) {
                Ok(stream) => {
                    tcp = Some(stream);
                    break;
                }
                Err(e) => last = io(e),
            }
        }
        let tcp = tcp.ok_or(last)?;
        tcp.set_read_timeout(Some(timeout)).map_err(io)?;
        tcp.set_write_timeout(Some(timeout)).map_err(io)?;
        let conn = if options.tls {
            Conn::Tls(Box::new(tls::wrap(options, tcp)?))
        } else {
            Conn::Plain(tcp)
        };
        let mut session = Session {
            conn: BufReader::new(conn),
            next_tag: 1,
            limits: Limits {
                line: 8 << 20,
                literal: max_message + (64 << 10),
            },
        };
        let greeting = session.read()?;
        match greeting.status().0.as_str() {
            "OK" => session.login(&options.user, &options.password)?,
            "PREAUTH" => {}
            _ => return Err(ImapError::Unavailable(greeting.status().2)),
        }
        Ok(session)
    }

    fn read(&mut self) -> Result<Response, ImapError> {
        Ok(read_response(&mut self.conn, self.limits)?)
    }

    fn send(&mut self, bytes: &[u8]) -> Result<(), ImapError> {
        let conn = self.conn.get_mut();
        conn.write_all(bytes).map_err(io)?;
        conn.flush().map_err(io)
    }

    /// Sends a command whose arguments are `parts` (a literal is sent once the server asks for
    /// it); returns the untagged responses and the tagged one, which must be OK.
    fn command(&mut self, parts: &[Arg]) -> Result<Vec<Response>, ImapError> {
        let tag = format!("m{}", self.next_tag);
        self.next_tag += 1;
        let mut line = tag.clone().into_bytes();
        let mut untagged = Vec::new();
        for part in parts {
            line.push(b' ');
            match part {
                Arg::Raw(text) => line.extend_from_slice(text.as_bytes()),
                Arg::Str(text) => match quoted(text) {
                    Some(q) => line.extend_from_slice(q.as_bytes()),
                    None => {
                        line.extend_from_slice(format!("{{{}}}\r\n", text.len()).as_bytes());
                        self.send(&line)?;
                        line.clear();
                        loop {
                            let r = self.read()?;
                            match r.tag.as_str() {
                                "+" => break,
                                "*" => untagged.push(r),
                                _ => return Err(ImapError::Refused(r.line())),
                            }
                        }
                        line.extend_from_slice(text.as_bytes());
                    }
                },
            }
        }
        line.extend_from_slice(b"\r\n");
        self.send(&line)?;
        loop {
            let r = self.read()?;
            if r.tag == tag {
                let (word, code, text) = r.status();
                return match word.as_str() {
                    "OK" => {
                        untagged.push(r);
                        Ok(untagged)
                    }
                    _ if code.as_deref() == Some("UNAVAILABLE") => {
                        Err(ImapError::Unavailable(text))
                    }
                    _ => Err(ImapError::Refused(format!("{word} {text}"))),
                };
            }
            if r.tag == "*" && r.status().0 == "BYE" {
                return Err(ImapError::Unavailable(r.status().2));
            }
            untagged.push(r);
        }
    }

    fn login(&mut self, user: &str, password: &str) -> Result<(), ImapError> {
        let args = [Arg::Raw("LOGIN"), Arg::Str(user), Arg::Str(password)];
        match self.command(&args) {
            Err(ImapError::Refused(why)) => Err(ImapError::Auth(why)),
            other => other.map(|_| ()),
        }
    }

    /// Selects the folder (read-write).
    pub fn select(&mut self, folder: &str) -> Result<Folder, ImapError> {
        let responses = self.command(&[Arg::Raw("SELECT"), Arg::Str(folder)])?;
        let mut selected = Folder {
            uidvalidity: 0,
            keywords: false,
        };
        let mut read_only = false;
        for r in &responses {
            let Some(code) = r.status().1 else { continue };
            let (name, value) = code.split_once(' ').unwrap_or((code.as_str(), ""));
            match name.to_ascii_uppercase().as_str() {
                "UIDVALIDITY" => selected.uidvalidity = value.trim().parse().unwrap_or(0),
                "PERMANENTFLAGS" => selected.keywords = value.contains("\\*"),
                "READ-ONLY" => read_only = true,
                _ => {}
            }
        }
        if read_only {
            return Err(ImapError::Refused(format!(
                "{folder} is read-only: messages could not be marked done"
            )));
        }
        if selected.uidvalidity == 0 {
            return Err(ImapError::Refused(format!("{folder} has no UIDVALIDITY")));
        }
        Ok(selected)
    }

    /// `UID SEARCH criteria`: the UIDs, in ascending order.
    pub fn search(&mut self, criteria: &str) -> Result<Vec<u32>, ImapError> {
        let responses = self.command(&[Arg::Raw("UID SEARCH"), Arg::Raw(criteria)])?;
        let mut uids = Vec::new();
        for r in responses.iter().filter(|r| r.tag == "*") {
            let items = r.items()?;
            if items
                .first()
                .and_then(Item::atom)
                .is_some_and(|a| a.eq_ignore_ascii_case("SEARCH"))
            {
                uids.extend(
                    items[1..]
                        .iter()
                        .filter_map(|i| i.atom()?.parse::<u32>().ok()),
                );
            }
        }
        uids.sort_unstable();
        uids.dedup();
        Ok(uids)
    }

    /// The size of each message (`RFC822.SIZE`).
    pub fn sizes(&mut self, uids: &[u32]) -> Result<Vec<(u32, u64)>, ImapError> {
        let mut out = Vec::new();
        for set in uid_sets(uids) {
            let args = [
                Arg::Raw("UID FETCH"),
                Arg::Raw(&set),
                Arg::Raw("(UID RFC822.SIZE)"),
            ];
            for r in self.command(&args)?.iter().filter(|r| r.tag == "*") {
                let items = r.items()?;
                let pairs = fetch_pairs(&items);
                let number = |name: &str| {
                    let value = pairs.iter().find(|(n, _)| n == name)?.1;
                    value.atom()?.parse::<u64>().ok()
                };
                if let (Some(uid), Some(size)) = (number("UID"), number("RFC822.SIZE")) {
                    out.push((uid as u32, size));
                }
            }
        }
        Ok(out)
    }

    /// The whole message, left unread (`BODY.PEEK[]`); `None` when it is gone.
    pub fn message(&mut self, uid: u32) -> Result<Option<Vec<u8>>, ImapError> {
        let uid_text = uid.to_string();
        let args = [
            Arg::Raw("UID FETCH"),
            Arg::Raw(&uid_text),
            Arg::Raw("(UID BODY.PEEK[])"),
        ];
        for r in self.command(&args)?.iter().filter(|r| r.tag == "*") {
            let items = r.items()?;
            let pairs = fetch_pairs(&items);
            let this = pairs
                .iter()
                .any(|(n, v)| n == "UID" && v.atom() == Some(&uid_text));
            let body = pairs.into_iter().find(|(n, _)| n == "BODY[]");
            if let (true, Some((_, value))) = (this, body) {
                return Ok(match value {
                    Item::Bytes(bytes) => Some(bytes.clone()),
                    _ => Some(Vec::new()),
                });
            }
        }
        Ok(None)
    }

    /// Adds flags (`\Seen`, keywords) to a message.
    pub fn add_flags(&mut self, uid: u32, flags: &str) -> Result<(), ImapError> {
        let uid = uid.to_string();
        let flags = format!("({flags})");
        let args = [
            Arg::Raw("UID STORE"),
            Arg::Raw(&uid),
            Arg::Raw("+FLAGS.SILENT"),
            Arg::Raw(&flags),
        ];
        self.command(&args).map(|_| ())
    }

    /// Says goodbye (errors do not matter any more).
    pub fn logout(mut self) {
        let _ = self.command(&[Arg::Raw("LOGOUT")]);
    }
}

/// A command argument: as written, or a string (quoted, or a literal when it must be).
enum Arg<'a> {
    Raw(&'a str),
    Str(&'a str),
}
