//! The fields of a directory row: their keys (DOM class, locale key), input types, and which
//! field a row's problem is shown beside.

use crate::domain::profile::{ContactDraft, DirectoryProblem};

/// One editable field of a row.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Role,
    Level,
    OfficePhone,
    Extension,
    Mobile,
    Email,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Role,
        Field::Level,
        Field::OfficePhone,
        Field::Extension,
        Field::Mobile,
        Field::Email,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Role => "role",
            Field::Level => "level",
            Field::OfficePhone => "office_phone",
            Field::Extension => "extension",
            Field::Mobile => "mobile",
            Field::Email => "email",
        }
    }

    pub fn input_type(self) -> &'static str {
        match self {
            Field::Level => "number",
            Field::OfficePhone | Field::Mobile => "tel",
            Field::Email => "email",
            Field::Role | Field::Extension => "text",
        }
    }

    pub fn value(self, d: &ContactDraft) -> String {
        match self {
            Field::Role => &d.role,
            Field::Level => &d.level,
            Field::OfficePhone => &d.office_phone,
            Field::Extension => &d.extension,
            Field::Mobile => &d.mobile,
            Field::Email => &d.email,
        }
        .clone()
    }

    pub fn set(self, d: &mut ContactDraft, v: String) {
        *match self {
            Field::Role => &mut d.role,
            Field::Level => &mut d.level,
            Field::OfficePhone => &mut d.office_phone,
            Field::Extension => &mut d.extension,
            Field::Mobile => &mut d.mobile,
            Field::Email => &mut d.email,
        } = v;
    }

    /// The field a row problem is shown beside ("nobody can reach it" goes beside the e-mail).
    pub fn of(problem: &DirectoryProblem) -> Option<Field> {
        Some(match problem {
            DirectoryProblem::Role { .. } => Field::Role,
            DirectoryProblem::Level { .. } => Field::Level,
            DirectoryProblem::OfficePhone { .. } => Field::OfficePhone,
            DirectoryProblem::Extension { .. } => Field::Extension,
            DirectoryProblem::Mobile { .. } => Field::Mobile,
            DirectoryProblem::Email { .. } | DirectoryProblem::Unreachable { .. } => Field::Email,
            _ => return None,
        })
    }
}
