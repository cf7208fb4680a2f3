//! Contract validity at registration (P2: "el soporte se otorga mientras la garantía o el
//! contrato esté vigente"). A ticket for a desk customer whose contract does not cover the day
//! the fault was reported can still be registered, but only with a reason, which the opening
//! event records ([`crate::domain::event::Opened::outside_contract`]); the queue filters such
//! tickets and the monthly report lists them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::customer::Customer;
use super::kb::fold_text;
use super::profile::ProcessProfile;
use super::registration::{FieldProblem, Problem, TicketDraft};

/// Where a ticket's customer stands with its contract on the day the fault was reported (P2:
/// support is owed only while the contract is in force).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum ContractStanding {
    /// The customer is not one of the desk's customers (typed free), or none was given: nothing
    /// to check.
    NotOnFile,
    /// On file, and the day is inside its contract (or it has no dates).
    InForce,
    /// On file, and the day is outside its contract `[start, end]`.
    Outside {
        #[serde(default, deserialize_with = "crate::domain::time_text::read")]
        start: Option<NaiveDate>,
        #[serde(default, deserialize_with = "crate::domain::time_text::read")]
        end: Option<NaiveDate>,
    },
}

impl ContractStanding {
    /// The standing of the customer named `name` (as typed: case, accents and spacing do not
    /// matter) among `customers` on `date` (the day the fault was reported, in the desk's zone).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use mesa::domain::contract::ContractStanding;
    /// use mesa::domain::customer::Customer;
    ///
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day);
    /// let acme = Customer { name: "Secretaría de Finanzas".into(), contract_start: d(1, 1),
    ///     contract_end: d(6, 30), ..Customer::default() };
    /// let list = [acme];
    /// assert_eq!(ContractStanding::of(&list, " secretaria de finanzas ", d(3, 1).unwrap()),
    ///     ContractStanding::InForce);
    /// assert!(ContractStanding::of(&list, "Secretaría de Finanzas", d(7, 1).unwrap()).is_outside());
    /// assert_eq!(ContractStanding::of(&list, "Otra", d(7, 1).unwrap()), ContractStanding::NotOnFile);
    /// ```
    pub fn of(customers: &[Customer], name: &str, date: NaiveDate) -> Self {
        let wanted = fold_text(name);
        if wanted.is_empty() {
            return Self::NotOnFile;
        }
        let mut on_file = customers
            .iter()
            .filter(|c| fold_text(&c.name) == wanted)
            .peekable();
        if on_file.peek().is_none() {
            return Self::NotOnFile;
        }
        // Two records with one name: support is owed if either contract covers the day.
        let mut outside = None;
        for c in on_file {
            if c.contract_in_force(date) {
                return Self::InForce;
            }
            outside.get_or_insert(Self::Outside {
                start: c.contract_start,
                end: c.contract_end,
            });
        }
        outside.unwrap_or(Self::NotOnFile)
    }

    /// [`ContractStanding::of`] where the profile asks for contracts
    /// (`registration.require_contract`, P2); [`ContractStanding::NotOnFile`] elsewhere.
    pub fn under(
        profile: &ProcessProfile,
        customers: &[Customer],
        name: &str,
        date: NaiveDate,
    ) -> Self {
        if profile.registration.require_contract {
            Self::of(customers, name, date)
        } else {
            Self::NotOnFile
        }
    }

    pub fn is_outside(&self) -> bool {
        matches!(self, Self::Outside { .. })
    }
}

/// The reason recorded for registering `draft` under `standing`: `Ok(None)` when the contract
/// is not in question, `Ok(Some(reason))` when it is outside and a reason was given, and a
/// problem on `contract_reason` when it is outside and the reason is blank.
///
/// ```
/// use mesa::domain::contract::{contract_reason, ContractStanding};
/// use mesa::domain::registration::TicketDraft;
///
/// let outside = ContractStanding::Outside { start: None, end: None };
/// let mut draft = TicketDraft::default();
/// assert_eq!(contract_reason(&draft, &ContractStanding::InForce), Ok(None));
/// assert_eq!(contract_reason(&draft, &outside).unwrap_err().field, "contract_reason");
/// draft.contract_reason = " Garantía extendida por escrito ".into();
/// assert_eq!(contract_reason(&draft, &outside), Ok(Some("Garantía extendida por escrito".into())));
/// ```
pub fn contract_reason(
    draft: &TicketDraft,
    standing: &ContractStanding,
) -> Result<Option<String>, FieldProblem> {
    if !standing.is_outside() {
        return Ok(None);
    }
    let reason = draft.contract_reason.trim();
    if reason.is_empty() {
        Err(FieldProblem {
            field: "contract_reason".into(),
            problem: Problem::OutsideContract,
        })
    } else {
        Ok(Some(reason.to_string()))
    }
}
