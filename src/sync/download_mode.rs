//! When a device downloads the files other devices attached (#16, a per-device setting): when
//! a ticket is opened, always after a sync, or after a sync only on Wi-Fi. Opening a ticket
//! fetches its files in every mode.
//!
//! "Solo con Wi-Fi" needs the browser to say what the connection is (`navigator.connection.type`,
//! read by the app). Where it does not (the API is missing, or `type` is undefined, as on
//! Chromium for the desktop), the mode behaves as "al abrir".
//!
//! ```
//! use mesa::sync::download_mode::{Connection, DownloadMode};
//! let wifi = DownloadMode::WifiOnly;
//! assert!(wifi.in_background(Connection::from_type(Some("wifi"))));
//! assert!(wifi.in_background(Connection::from_type(Some("ethernet"))));
//! assert!(!wifi.in_background(Connection::from_type(Some("cellular"))));
//! assert!(!wifi.in_background(Connection::from_type(None)));
//! assert!(DownloadMode::Always.in_background(Connection::from_type(Some("cellular"))));
//! assert!(!DownloadMode::OnOpen.in_background(Connection::from_type(Some("wifi"))));
//! ```

/// When a device downloads the files other devices attached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DownloadMode {
    /// When a ticket with files not on this device is opened.
    #[default]
    OnOpen,
    /// Right after each sync that brings them, in the background.
    Always,
    /// As [`Self::Always`] while the browser says the connection is Wi-Fi or Ethernet;
    /// otherwise (another connection, or the browser does not say) as [`Self::OnOpen`].
    WifiOnly,
}

impl DownloadMode {
    /// ```
    /// use mesa::sync::download_mode::DownloadMode;
    /// for mode in [DownloadMode::OnOpen, DownloadMode::Always, DownloadMode::WifiOnly] {
    ///     assert_eq!(DownloadMode::from_code(mode.code()), mode);
    /// }
    /// assert_eq!(DownloadMode::from_code("anything else"), DownloadMode::OnOpen);
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Self::OnOpen => "on_open",
            Self::Always => "always",
            Self::WifiOnly => "wifi",
        }
    }

    pub fn from_code(code: &str) -> Self {
        match code {
            "always" => Self::Always,
            "wifi" => Self::WifiOnly,
            _ => Self::OnOpen,
        }
    }

    /// Whether files announced by a sync are downloaded right after it, on `connection`.
    pub fn in_background(self, connection: Connection) -> bool {
        match self {
            Self::OnOpen => false,
            Self::Always => true,
            Self::WifiOnly => connection == Connection::Unmetered,
        }
    }
}

/// What the browser says of the device's connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Wi-Fi or Ethernet.
    Unmetered,
    /// Any other type it names (cellular, Bluetooth, none, …).
    Other,
    /// The browser does not say (no `navigator.connection`, or no `type`, or "unknown").
    Unknown,
}

impl Connection {
    /// From `navigator.connection.type` (`None` when the browser has no such value).
    ///
    /// ```
    /// use mesa::sync::download_mode::Connection;
    /// assert_eq!(Connection::from_type(Some("unknown")), Connection::Unknown);
    /// assert_eq!(Connection::from_type(Some("bluetooth")), Connection::Other);
    /// ```
    pub fn from_type(kind: Option<&str>) -> Self {
        match kind {
            Some("wifi" | "ethernet") => Self::Unmetered,
            None | Some("unknown" | "") => Self::Unknown,
            Some(_) => Self::Other,
        }
    }
}
