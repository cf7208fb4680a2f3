//! The endpoint settings, kept in the store's `meta` (never logged, never exported: backups
//! hold events only).

use serde::{Deserialize, Serialize};

use crate::store::{Store, StoreError};

/// The `meta` key of the settings.
pub const SETTINGS_KEY: &str = "sync.settings";
/// The `meta` key of the last successful sync (milliseconds since the epoch, as text).
pub const LAST_OK_KEY: &str = "sync.last_ok";

/// How requests authenticate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Auth {
    #[default]
    None,
    Basic,
    Bearer,
}

impl Auth {
    pub fn code(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Basic => "basic",
            Self::Bearer => "bearer",
        }
    }

    pub fn from_code(code: &str) -> Self {
        match code {
            "basic" => Self::Basic,
            "bearer" => Self::Bearer,
            _ => Self::None,
        }
    }
}

/// Where and how to sync.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSettings {
    /// The server's base URL (`https://couch.example`).
    pub url: String,
    /// The database name.
    pub db: String,
    pub auth: Auth,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub token: String,
}

// Hand-written so credentials never reach a log through `{:?}`.
impl std::fmt::Debug for SyncSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncSettings")
            .field("url", &self.url)
            .field("db", &self.db)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl SyncSettings {
    /// Both an endpoint and a database are set.
    pub fn is_configured(&self) -> bool {
        !self.url.trim().is_empty() && !self.db.trim().is_empty()
    }

    pub fn base(&self) -> &str {
        self.url.trim().trim_end_matches('/')
    }

    pub fn db(&self) -> &str {
        self.db.trim()
    }

    /// `{base}/{db}`: the database URL.
    pub fn db_url(&self) -> String {
        format!(
            "{}/{}",
            self.base(),
            crate::sync::protocol::percent_encode(self.db())
        )
    }

    /// The `meta` key of the changes-feed checkpoint for this endpoint and database (a new
    /// endpoint starts from the beginning of its feed).
    pub fn checkpoint_key(&self) -> String {
        format!("sync.checkpoint:{}", self.db_url())
    }

    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        Ok(store
            .meta_string(SETTINGS_KEY)
            .await?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    pub async fn save(&self, store: &Store) -> Result<(), StoreError> {
        let json = serde_json::to_string(self).unwrap_or_default();
        store.set_meta_string(SETTINGS_KEY, &json).await
    }
}
