//! The desk's people (#18) as the pages use them: the list Ajustes edits, saving it as desk
//! events, and the people one can assign a ticket to, the process's proposals first with the
//! load each already carries.
//!
//! ```ignore
//! let people = desk.people().await?;
//! let saved = desk.save_people(&edited, signals).await?;
//! let choices = desk.assignee_choices(&ticket, &tickets).await?;
//! ```

use std::sync::Arc;

use crate::app::desk::{Desk, DeskSignals};
use crate::app::record_id::new_record_id;
use crate::domain::customer::Customer;
use crate::domain::desk::people::{people_changes, people_on_file};
use crate::domain::people::suggest::{self, account_technician, Choice, Request};
use crate::domain::people::{active_names, Person};
use crate::domain::ticket::Ticket;
use crate::store::StoreError;

impl Desk {
    /// Every person on file, active or not, by name.
    pub async fn people(&self) -> Result<Vec<Person>, StoreError> {
        Ok(people_on_file(&self.shared().await?.people))
    }

    /// Stores what changed between the desk's people and `edited` (already checked, see
    /// [`crate::domain::people::draft::PersonDraft::check_all`]) and returns the list as saved
    /// (new people with their record ids).
    pub async fn save_people(
        &self,
        edited: &[Person],
        signals: DeskSignals,
    ) -> Result<Vec<Person>, StoreError> {
        let shared = self.shared().await?;
        let changes = people_changes(&shared.people, edited, |p| {
            new_record_id(&p.name, "persona")
        });
        self.append_desk(changes, signals).await?;
        self.people().await
    }

    /// The active people one can assign `ticket` to: the customer's account technician and
    /// those competent in its request kind first, each with their load among `tickets`.
    pub async fn assignee_choices(
        &self,
        ticket: &Ticket,
        tickets: &[Arc<Ticket>],
    ) -> Result<Vec<Choice>, StoreError> {
        let shared = self.shared().await?;
        let people = people_on_file(&shared.people);
        // Archived customers too: their tickets still run.
        let customers: Vec<Customer> = shared
            .customers
            .values()
            .map(|r| Customer {
                id: r.id.clone(),
                ..r.customer.clone()
            })
            .collect();
        let kind_name = self
            .profile
            .request_kinds
            .iter()
            .find(|k| k.id == ticket.request_kind)
            .map_or("", |k| k.name.as_str());
        let request = Request {
            kind: &ticket.request_kind,
            kind_name,
            account_technician: account_technician(&customers, &ticket.customer),
        };
        Ok(suggest::assignee_choices(&people, &request, tickets))
    }
}

/// The active people's names being read, for [`people_for_filter`].
pub type PeopleLoading = std::pin::Pin<Box<dyn std::future::Future<Output = Vec<String>>>>;

// The desk's fold is loaded on demand in the `split` build (src/app/split.rs): the queue asks
// for the people only when its filters are opened, so its first load never fetches it.
crate::split_fn!(
    queue_people,
    pub fn people_for_filter(desk: std::rc::Rc<Desk>) -> PeopleLoading {
        Box::pin(async move { active_names(&desk.people().await.unwrap_or_default()) })
    }
);
