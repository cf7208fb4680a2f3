//! Storage errors, as kinds the UI can put in the user's language.

use std::fmt;

/// What went wrong in the browser's database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refused to store more (quota exceeded). Nothing of the failed action was
    /// written; everything saved before is intact.
    QuotaExceeded,
    /// Another tab holds an older version of the database open and did not close it.
    Blocked,
    /// IndexedDB is not available (private mode in some browsers, or disabled).
    Unavailable(String),
    /// A stored record could not be read back (corruption or a foreign writer).
    Corrupt(String),
    /// Another tab upgraded the database to a newer schema: this tab closed its connection and
    /// must be reloaded to run the new version.
    VersionChanged,
    /// The database was written by a newer version of Mesa than this tab runs (reload).
    Outdated,
    /// A file is larger than [`crate::store::MAX_ATTACHMENT_BYTES`]; nothing was stored.
    AttachmentTooLarge { size: u64, limit: u64 },
    /// The desk's process profile (a preset the app fetches) could not be loaded: no network,
    /// no service worker, and no copy kept on this device. Nothing stored is affected.
    ProfileUnavailable(String),
    /// A value the previous version kept on this device cannot be read, so it was not
    /// converted to desk events and nothing overwrites it. `key` is the message's locale key
    /// (it names the value), `detail` the reader's message.
    LegacyUnreadable { key: &'static str, detail: String },
    /// Any other failure reported by the browser.
    Other(String),
}

impl StoreError {
    /// A stable code for locale lookup: `store_error.<code>`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::QuotaExceeded => "quota_exceeded",
            Self::Blocked => "blocked",
            Self::Unavailable(_) => "unavailable",
            Self::Corrupt(_) => "corrupt",
            Self::VersionChanged => "version_changed",
            Self::Outdated => "outdated",
            Self::AttachmentTooLarge { .. } => "attachment_too_large",
            Self::ProfileUnavailable(_) => "profile_unavailable",
            Self::LegacyUnreadable { .. } => "legacy_unreadable",
            Self::Other(_) => "other",
        }
    }

    /// Technical detail for the "details" line of an error message.
    pub fn detail(&self) -> &str {
        match self {
            Self::QuotaExceeded
            | Self::Blocked
            | Self::VersionChanged
            | Self::Outdated
            | Self::AttachmentTooLarge { .. } => "",
            Self::Unavailable(d)
            | Self::Corrupt(d)
            | Self::ProfileUnavailable(d)
            | Self::LegacyUnreadable { detail: d, .. }
            | Self::Other(d) => d,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())?;
        if !self.detail().is_empty() {
            write!(f, ": {}", self.detail())?;
        }
        Ok(())
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    /// Maps a browser `DOMException` by its name: `QuotaExceededError` (the disk or the origin's
    /// quota is full) becomes [`Self::QuotaExceeded`], `VersionError` [`Self::Outdated`].
    pub fn from_dom(e: &web_sys::DomException) -> Self {
        match e.name().as_str() {
            "QuotaExceededError" => Self::QuotaExceeded,
            "VersionError" => Self::Outdated,
            // ASCII lower case: the same answer for "quota", without Unicode's case tables in the
            // first load (#5).
            "UnknownError" if e.message().to_ascii_lowercase().contains("quota") => {
                Self::QuotaExceeded
            }
            name => Self::Other(format!("{name}: {}", e.message())),
        }
    }
}

impl From<indexed_db_futures::error::Error> for StoreError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        use indexed_db_futures::error::Error;
        match e {
            Error::DomException(d) => Self::from_dom(&web_sys::DomException::from(d)),
            other => {
                let text = describe(&other);
                if text.contains("QuotaExceeded") {
                    Self::QuotaExceeded
                } else {
                    Self::Other(text)
                }
            }
        }
    }
}

/// What an IndexedDB error says, as its own `Display` would, but without formatting the numbers
/// some of them carry: calling that `Display` brought the float formatter into the first load.
fn describe(e: &indexed_db_futures::error::Error) -> String {
    use indexed_db_futures::error::{Error, SerialisationError};
    match e {
        Error::DomException(d) => format!("{}: {}", d.name(), d.message()),
        Error::Serialisation(SerialisationError::SimpleValue(v)) => {
            format!("Simple value parse error: {}", simple_value(v))
        }
        Error::Serialisation(SerialisationError::Serde(s)) => s.to_string(),
        Error::MissingData(m) => format!("Missing data: {m}"),
        Error::Unknown(js) => format!("Generic JS error: {js}"),
    }
}

fn simple_value(v: &indexed_db_futures::error::SimpleValueError) -> String {
    use indexed_db_futures::error::SimpleValueError as V;
    match v {
        V::NotAString(_) => "Not a string".into(),
        V::NotANumber(_) => "Not a number".into(),
        V::NotABoolean(_) => "Not a boolean".into(),
        V::DynCast(_) => "Dynamic cast failed".into(),
        V::TooLarge(_) => "The value is too large".into(),
        V::TooSmall(_) => "The value is too small".into(),
        V::Signed(_) => "The value is signed".into(),
        V::Switch(list) => list.iter().map(simple_value).collect::<Vec<_>>().join("; "),
        V::Other(e) => e.to_string(),
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        use indexed_db_futures::error::OpenDbError;
        match e {
            OpenDbError::Base(base) => match Self::from(base) {
                Self::Other(text) => Self::Unavailable(text),
                mapped => mapped,
            },
            OpenDbError::VersionZero => Self::Unavailable("Version cannot be zero".into()),
            OpenDbError::UnsupportedEnvironment => {
                Self::Unavailable("Unsupported environment".into())
            }
            OpenDbError::NullFactory => {
                Self::Unavailable("The `indexedDB` getter returned `null` or `undefined`".into())
            }
        }
    }
}
