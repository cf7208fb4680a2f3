//! TLS for `imaps://` (rustls with the ring provider, the one ureq and lettre already build):
//! the server's certificate must chain to a public root (webpki-roots) or to a certificate of
//! `--imap-ca` (a private server's CA), and name the host.

use std::net::TcpStream;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

use super::options::ImapOptions;
use super::ImapError;

/// The roots: the public ones and those of `--imap-ca`.
fn roots(options: &ImapOptions) -> Result<RootCertStore, ImapError> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = &options.ca {
        let bad = |why: String| ImapError::Refused(format!("--imap-ca {}: {why}", path.display()));
        let certs = CertificateDer::pem_file_iter(path).map_err(|e| bad(e.to_string()))?;
        let mut added = 0;
        for cert in certs {
            roots
                .add(cert.map_err(|e| bad(e.to_string()))?)
                .map_err(|e| bad(e.to_string()))?;
            added += 1;
        }
        if added == 0 {
            return Err(bad("no certificate in it".into()));
        }
    }
    Ok(roots)
}

/// `tcp` wrapped in TLS for the server `options.host`; the handshake happens on first use.
pub fn wrap(
    options: &ImapOptions,
    tcp: TcpStream,
) -> Result<StreamOwned<ClientConnection, TcpStream>, ImapError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ImapError::Refused(format!("TLS: {e}")))?
        .with_root_certificates(roots(options)?)
        .with_no_client_auth();
    let name = ServerName::try_from(options.host.clone())
        .map_err(|e| ImapError::Refused(format!("TLS: {}: {e}", options.host)))?;
    let connection = ClientConnection::new(Arc::new(config), name)
        .map_err(|e| ImapError::Refused(format!("TLS: {e}")))?;
    Ok(StreamOwned::new(connection, tcp))
}
