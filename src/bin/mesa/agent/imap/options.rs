//! The `--imap…` flags of `mesa agent`: where to read mail from (#17). The password may come
//! from `MESA_IMAP_PASSWORD` instead of the command line.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::super::options::{env, parse_server};
use crate::Failure;

/// Where to read mail from (#17).
#[derive(Clone)]
pub struct ImapOptions {
    pub host: String,
    pub port: u16,
    /// `imaps://`: TLS from the first byte.
    pub tls: bool,
    pub user: String,
    pub password: String,
    pub folder: String,
    /// PEM certificates trusted for `imaps://` besides the public roots (a private server's CA).
    pub ca: Option<PathBuf>,
}

impl std::fmt::Debug for ImapOptions {
    /// Never prints the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = if self.tls { "imaps" } else { "imap" };
        write!(
            f,
            "{scheme}://{}:{} {} as {}",
            self.host, self.port, self.folder, self.user
        )
    }
}

/// The `--imap…` flags: `None` without `--imap`.
pub(in crate::agent) fn imap_options(
    values: &mut BTreeMap<&'static str, String>,
) -> Result<Option<ImapOptions>, Failure> {
    let Some(address) = values.remove("--imap") else {
        let given = [
            "--imap-user",
            "--imap-password",
            "--imap-folder",
            "--imap-ca",
        ];
        return match given.into_iter().find(|f| values.contains_key(f)) {
            Some(flag) => Err(Failure::Usage(format!("{flag} needs --imap"))),
            None => Ok(None),
        };
    };
    let (scheme, host, port) = parse_server("--imap", &address, &[("imap", 143), ("imaps", 993)])?;
    let user = values
        .remove("--imap-user")
        .ok_or_else(|| Failure::Usage("--imap needs --imap-user".into()))?;
    let password = values
        .remove("--imap-password")
        .or_else(|| env("MESA_IMAP_PASSWORD"))
        .ok_or_else(|| {
            Failure::Usage("--imap needs --imap-password (or MESA_IMAP_PASSWORD)".into())
        })?;
    let (tls, ca) = (
        scheme == "imaps",
        values.remove("--imap-ca").map(PathBuf::from),
    );
    if ca.is_some() && !tls {
        return Err(Failure::Usage("--imap-ca needs an imaps:// address".into()));
    }
    Ok(Some(ImapOptions {
        host,
        port,
        tls,
        user,
        password,
        folder: values
            .remove("--imap-folder")
            .unwrap_or_else(|| "INBOX".into()),
        ca,
    }))
}

#[cfg(test)]
mod tests {
    use crate::agent::options::AgentOptions;
    use crate::Failure;

    fn parse(extra: &[&str]) -> Result<AgentOptions, String> {
        let mut args: Vec<String> = ["--url", "http://127.0.0.1:5984", "--db", "mesa"]
            .iter()
            .chain(extra)
            .map(|s| s.to_string())
            .collect();
        args.extend(["--data".to_string(), "/tmp/mesa-options-test".to_string()]);
        AgentOptions::parse(&args).map_err(|e| match e {
            Failure::Usage(m) | Failure::Data(m) | Failure::Problems(m) => m,
        })
    }

    #[test]
    fn imap_flags_say_what_they_need_and_never_echo_a_password() {
        let smtp = [
            "--smtp",
            "smtp://127.0.0.1:25",
            "--smtp-from",
            "m@d.example",
        ];
        let imap = [
            "--imap",
            "imaps://mail.example",
            "--imap-user",
            "desk",
            "--imap-password",
            "pw",
        ];
        let ok = parse(&[&smtp[..], &imap[..]].concat()).unwrap();
        let read = ok.imap.expect("imap");
        assert_eq!(
            (read.port, read.tls, read.folder.as_str()),
            (993, true, "INBOX")
        );
        assert!(!format!("{read:?}").contains("pw"));
        let err = parse(&imap).err().unwrap();
        assert!(err.contains("--imap needs --smtp"), "{err}");
        let plain = [
            "--imap",
            "imap://h:143",
            "--imap-user",
            "u",
            "--imap-password",
            "p",
            "--imap-ca",
            "ca.pem",
        ];
        let err = parse(&[&smtp[..], &plain[..]].concat()).err().unwrap();
        assert!(err.contains("--imap-ca needs an imaps://"), "{err}");
        let leaky = [
            "--imap",
            "imap://desk:s3cr3t@h:143",
            "--imap-user",
            "u",
            "--imap-password",
            "p",
        ];
        let err = parse(&[&smtp[..], &leaky[..]].concat()).err().unwrap();
        assert!(err.contains("bad host") && !err.contains("s3cr3t"), "{err}");
        let err = parse(&["--imap-user", "u"]).err().unwrap_or_default();
        assert!(err.contains("--imap-user needs --imap"), "{err}");
    }
}
