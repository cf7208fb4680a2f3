//! The flags of `mesa agent`. Secrets may come from the environment instead of the command line
//! (where other users of the machine can read them): `MESA_PASSWORD`, `MESA_TOKEN`,
//! `MESA_SMTP_PASSWORD`, `MESA_IMAP_PASSWORD`.

use std::path::PathBuf;

use super::http::Auth;
use super::imap::options::imap_options;
pub use super::imap::options::ImapOptions;
use crate::Failure;

/// Where and how to mail queued notifications.
#[derive(Clone)]
pub struct SmtpOptions {
    pub host: String,
    pub port: u16,
    pub from: String,
    pub credentials: Option<(String, String)>,
    pub starttls: bool,
    /// PEM certificates trusted for STARTTLS besides the public roots (a private relay's CA).
    pub ca: Option<PathBuf>,
}

pub struct AgentOptions {
    pub url: String,
    pub db: String,
    pub auth: Auth,
    pub profile: Option<String>,
    pub data: PathBuf,
    pub smtp: Option<SmtpOptions>,
    pub imap: Option<ImapOptions>,
    pub once: bool,
    /// How long the desk's lease lasts unless renewed (a dead agent's successor waits this long).
    pub lease_seconds: u32,
    /// Every request to the endpoint gives up after this long (a half-open connection).
    pub timeout_seconds: u32,
}

pub(super) fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl AgentOptions {
    pub fn parse(args: &[String]) -> Result<AgentOptions, Failure> {
        let mut values: std::collections::BTreeMap<&'static str, String> = Default::default();
        let (mut once, mut starttls) = (false, false);
        const WITH_VALUE: [&str; 19] = [
            "--smtp-ca",
            "--lease-seconds",
            "--timeout-seconds",
            "--url",
            "--db",
            "--user",
            "--password",
            "--token",
            "--profile",
            "--data",
            "--smtp",
            "--smtp-from",
            "--smtp-user",
            "--smtp-password",
            "--imap",
            "--imap-user",
            "--imap-password",
            "--imap-folder",
            "--imap-ca",
        ];
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
                _ => (arg.as_str(), None),
            };
            match flag {
                "--once" if inline.is_none() => once = true,
                "--starttls" if inline.is_none() => starttls = true,
                f => match WITH_VALUE.iter().find(|known| **known == f) {
                    Some(known) => {
                        let value = inline
                            .or_else(|| it.next().cloned())
                            .filter(|v| !v.is_empty())
                            .ok_or_else(|| Failure::Usage(format!("{known} needs a value")))?;
                        values.insert(known, value);
                    }
                    None if f.starts_with('-') => {
                        return Err(Failure::Usage(format!("unknown flag {f:?}")))
                    }
                    None => return Err(Failure::Usage(format!("unexpected argument {f:?}"))),
                },
            }
        }
        let mut take = |k: &str| values.remove(k);
        let url = take("--url").ok_or_else(|| Failure::Usage("--url is required".into()))?;
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Failure::Usage(format!(
                "--url {:?} is not an http:// or https:// address",
                super::log::redact_url(&url)
            )));
        }
        let db = take("--db").ok_or_else(|| Failure::Usage("--db is required".into()))?;
        let user = take("--user");
        let password = take("--password").or_else(|| env("MESA_PASSWORD"));
        let token = take("--token").or_else(|| env("MESA_TOKEN"));
        let auth = match (user, password, token) {
            (Some(_), _, Some(_)) => {
                return Err(Failure::Usage(
                    "give --user/--password or --token, not both".into(),
                ))
            }
            (Some(user), Some(password), None) => Auth::Basic { user, password },
            (Some(_), None, None) => {
                return Err(Failure::Usage(
                    "--user needs --password (or MESA_PASSWORD)".into(),
                ))
            }
            (None, _, Some(token)) => Auth::Bearer(token),
            (None, _, None) => Auth::None,
        };
        let smtp = match take("--smtp") {
            None => {
                if let Some(flag) = ["--smtp-from", "--smtp-user", "--smtp-ca"]
                    .into_iter()
                    .find(|f| values.contains_key(f))
                {
                    return Err(Failure::Usage(format!("{flag} needs --smtp")));
                }
                None
            }
            Some(address) => {
                let (host, port) = parse_smtp(&address)?;
                let from = values
                    .remove("--smtp-from")
                    .ok_or_else(|| Failure::Usage("--smtp needs --smtp-from ADDR".into()))?;
                let smtp_password = values
                    .remove("--smtp-password")
                    .or_else(|| env("MESA_SMTP_PASSWORD"));
                let credentials = match (values.remove("--smtp-user"), smtp_password) {
                    (Some(u), Some(p)) => Some((u, p)),
                    (Some(_), None) => {
                        return Err(Failure::Usage(
                            "--smtp-user needs --smtp-password (or MESA_SMTP_PASSWORD)".into(),
                        ))
                    }
                    (None, _) => None,
                };
                let ca = values.remove("--smtp-ca").map(PathBuf::from);
                if ca.is_some() && !starttls {
                    return Err(Failure::Usage("--smtp-ca needs --starttls".into()));
                }
                Some(SmtpOptions {
                    host,
                    port,
                    from,
                    credentials,
                    starttls,
                    ca,
                })
            }
        };
        let imap = imap_options(&mut values)?;
        if imap.is_some() && smtp.is_none() {
            return Err(Failure::Usage(
                "--imap needs --smtp: the agent answers the mail it reads".into(),
            ));
        }
        let lease_seconds = seconds(
            values.remove("--lease-seconds"),
            "--lease-seconds",
            180,
            3..=86_400,
        )?;
        let timeout_seconds = seconds(
            values.remove("--timeout-seconds"),
            "--timeout-seconds",
            30,
            1..=600,
        )?;
        let data = values
            .remove("--data")
            .map(PathBuf::from)
            .or_else(default_data)
            .ok_or_else(|| Failure::Usage("--data DIR is required (no home directory)".into()))?;
        Ok(AgentOptions {
            url,
            db,
            auth,
            profile: values.remove("--profile"),
            data,
            smtp,
            imap,
            once,
            lease_seconds,
            timeout_seconds,
        })
    }
}

/// A number of seconds in `range` (`default` when the flag is absent).
fn seconds(
    text: Option<String>,
    flag: &str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, Failure> {
    let Some(text) = text else {
        return Ok(default);
    };
    text.parse::<u32>()
        .ok()
        .filter(|s| range.contains(s))
        .ok_or_else(|| {
            Failure::Usage(format!(
                "{flag} {text:?} is not a number of seconds from {} to {}",
                range.start(),
                range.end()
            ))
        })
}

/// `$XDG_DATA_HOME/mesa-agent`, else `~/.local/share/mesa-agent`.
fn default_data() -> Option<PathBuf> {
    env("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .map(|d| d.join("mesa-agent"))
}

/// `smtp://HOST:PORT` (the port defaults to 25).
fn parse_smtp(address: &str) -> Result<(String, u16), Failure> {
    let (_, host, port) = parse_server("--smtp", address, &[("smtp", 25)])?;
    Ok((host, port))
}

/// `SCHEME://HOST[:PORT]` for one of `schemes` (each with its default port): the scheme, the
/// host and the port. Never echoes a user-info part (it may hold a password).
pub(super) fn parse_server(
    flag: &str,
    address: &str,
    schemes: &[(&str, u16)],
) -> Result<(String, String, u16), Failure> {
    let names: Vec<String> = schemes
        .iter()
        .map(|(s, _)| format!("{s}://HOST:PORT"))
        .collect();
    let shown = super::log::redact_url(address);
    let bad =
        |why: &str| Failure::Usage(format!("{flag} {shown:?}: {why} ({})", names.join(" or ")));
    let (scheme, rest) = address
        .split_once("://")
        .ok_or_else(|| bad("not an address"))?;
    let &(scheme, default_port) = schemes
        .iter()
        .find(|(s, _)| *s == scheme)
        .ok_or_else(|| bad("not a known scheme"))?;
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().map_err(|_| bad("bad port"))?),
        None => (rest, default_port),
    };
    if host.is_empty() || host.contains('@') || host.contains('/') {
        return Err(bad("bad host"));
    }
    Ok((scheme.to_string(), host.to_string(), port))
}
