//! The desk's name ("Nombre de la mesa", a desk setting set in Ajustes), for the header: read at
//! start-up from this device's copy ([`crate::app::desk::Desk::desk_name_copy`], kept current by
//! [`crate::app::desk::Desk::shared`]); Ajustes sets it when saved.

use leptos::prelude::*;

use crate::app::desk::Desk;

/// The desk's name as shown now (empty: none set).
#[derive(Clone, Copy)]
pub struct DeskName(pub RwSignal<String>);

impl DeskName {
    /// Provides an empty name to the app (call [`DeskName::load`] once the desk is open).
    pub fn provide() -> Self {
        let name = Self(RwSignal::new(String::new()));
        provide_context(name);
        name
    }

    /// Reads the open desk's stored name (a store failure leaves the header without it).
    pub async fn load(self, desk: &Desk) {
        if let Some(name) = desk.desk_name_copy().await {
            self.set(&name);
        }
    }

    pub fn set(self, name: &str) {
        self.0.set(name.trim().to_string());
    }
}

/// The app's [`DeskName`], when the app provides one (components mounted alone have none).
pub fn use_desk_name() -> Option<DeskName> {
    use_context::<DeskName>()
}
