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
            Self::Other(_) => "other",
        }
    }

    /// Technical detail for the "details" line of an error message.
    pub fn detail(&self) -> &str {
        match self {
            Self::QuotaExceeded | Self::Blocked => "",
            Self::Unavailable(d) | Self::Corrupt(d) | Self::Other(d) => d,
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

impl From<indexed_db_futures::error::Error> for StoreError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        let text = e.to_string();
        if text.contains("QuotaExceeded") || text.to_lowercase().contains("quota") {
            Self::QuotaExceeded
        } else {
            Self::Other(text)
        }
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        let text = e.to_string();
        if text.contains("QuotaExceeded") {
            Self::QuotaExceeded
        } else {
            Self::Unavailable(text)
        }
    }
}
