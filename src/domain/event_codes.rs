//! The stable code of each event kind (locale keys, CSV) and which kinds are desk events.
//!
//! ```
//! use mesa::domain::event::EventKind;
//! assert_eq!(EventKind::WaitingEnded.code(), "waiting_ended");
//! assert!(!EventKind::WaitingEnded.is_desk());
//! ```

use super::event::EventKind;

impl EventKind {
    /// A stable code for the kind, used for locale keys and CSV.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Opened(_) => "opened",
            Self::Classified { .. } => "classified",
            Self::SeverityChanged { .. } => "severity_changed",
            Self::Assigned { .. } => "assigned",
            Self::LevelChanged { .. } => "level_changed",
            Self::StageChanged { .. } => "stage_changed",
            Self::Commented { .. } => "commented",
            Self::UpdatePromised { .. } => "update_promised",
            Self::WaitingStarted { .. } => "waiting_started",
            Self::WaitingEnded => "waiting_ended",
            Self::Escalated(_) => "escalated",
            Self::Dispatched { .. } => "dispatched",
            Self::MilestoneReached { .. } => "milestone_reached",
            Self::RestoredWithWorkaround { .. } => "restored_with_workaround",
            Self::VerificationEnding { .. } => "verification_ending",
            Self::Resolved(_) => "resolved",
            Self::CustomerVerified { .. } => "customer_verified",
            Self::CustomerRejected { .. } => "customer_rejected",
            Self::AutoClosed => "auto_closed",
            Self::Closed { .. } => "closed",
            Self::RejectedOutOfScope { .. } => "rejected_out_of_scope",
            Self::Reopened { .. } => "reopened",
            Self::AttachmentAdded(_) => "attachment_added",
            Self::CustomerWrote(_) => "customer_wrote",
            Self::NotificationQueued(_) => "notification_queued",
            Self::NotificationSent { .. } => "notification_sent",
            Self::ClockWarned { .. } => "clock_warned",
            Self::ClockBreached { .. } => "clock_breached",
            Self::ArticleLinked { .. } => "article_linked",
            Self::ConflictResolved { .. } => "conflict_resolved",
            Self::TicketLinked(_) => "ticket_linked",
            Self::CustomerLinked { .. } => "customer_linked",
            Self::CustomerCreated(_) => "customer_created",
            Self::CustomerChanged(_) => "customer_changed",
            Self::CustomerArchived { .. } => "customer_archived",
            Self::DirectoryContactSet(_) => "directory_contact_set",
            Self::DirectoryContactRemoved { .. } => "directory_contact_removed",
            Self::PersonSet(_) => "person_set",
            Self::PersonDeactivated { .. } => "person_deactivated",
            Self::ProfilePublished(_) => "profile_published",
            Self::ArticleWritten(_) => "article_written",
            Self::ArticleRevised(_) => "article_revised",
            Self::ArticleRetired { .. } => "article_retired",
            Self::DeskSettingsChanged(_) => "desk_settings_changed",
            Self::DeviceKeyPublished(_) => "device_key_published",
            Self::DeviceKeyRevoked(_) => "device_key_revoked",
        }
    }

    /// Whether this is a desk event (customers, directory, people, profile, articles, settings), folded
    /// into the desk state rather than into a ticket.
    pub fn is_desk(&self) -> bool {
        matches!(
            self,
            Self::CustomerCreated(_)
                | Self::CustomerChanged(_)
                | Self::CustomerArchived { .. }
                | Self::DirectoryContactSet(_)
                | Self::DirectoryContactRemoved { .. }
                | Self::PersonSet(_)
                | Self::PersonDeactivated { .. }
                | Self::ProfilePublished(_)
                | Self::ArticleWritten(_)
                | Self::ArticleRevised(_)
                | Self::ArticleRetired { .. }
                | Self::DeskSettingsChanged(_)
                | Self::DeviceKeyPublished(_)
                | Self::DeviceKeyRevoked(_)
        )
    }
}
