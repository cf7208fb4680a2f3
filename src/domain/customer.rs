//! Customers of the desk: the company, its contacts, its sites (with the city class the profile's
//! stage targets depend on) and the contract validity dates (P2: support is owed only while the
//! contract is in force). Stored as one JSON list; pure, tested natively.
//!
//! ```
//! use chrono::NaiveDate;
//! use mesa::domain::customer::Customer;
//!
//! let c = Customer {
//!     name: "Acme".into(),
//!     contract_start: NaiveDate::from_ymd_opt(2026, 1, 1),
//!     contract_end: NaiveDate::from_ymd_opt(2026, 12, 31),
//!     ..Customer::default()
//! };
//! assert!(c.validate(&[]).is_empty());
//! assert!(c.contract_in_force(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()));
//! assert!(!c.contract_in_force(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()));
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::profile::{is_valid_email, is_valid_phone, CityClass};

/// A person at the customer company.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerContact {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

/// A place where the customer receives service ("sede").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub name: String,
    #[serde(default)]
    pub city: String,
    /// One of the profile's `city_classes` ids, if the profile has any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_class: Option<String>,
}

/// A customer company.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// The id of the desk's record for this customer (`customer:<id>`) where a list of records
    /// is edited; empty for a customer not saved yet, and in the events' payloads.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub contacts: Vec<CustomerContact>,
    #[serde(default)]
    pub sites: Vec<Site>,
    /// First day the contract covers (none = no lower bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub contract_start: Option<NaiveDate>,
    /// Last day the contract covers (none = no upper bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub contract_end: Option<NaiveDate>,
    /// The desk's person (their record id, after `person:`) assigned to this customer's account
    /// (P4's level 2 technicians): proposed first for the customer's tickets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_technician: Option<String>,
}

/// One problem in a customer record: a field path and a stable code (used as a locale key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerProblem {
    /// E.g. `contacts[1].email`.
    pub path: String,
    /// `required`, `dates_order`, `email`, `phone`, `city_class`.
    pub code: &'static str,
}

impl Customer {
    /// Whether support is owed on `date`: inside `[contract_start, contract_end]`, both inclusive;
    /// a missing bound does not limit.
    pub fn contract_in_force(&self, date: NaiveDate) -> bool {
        self.contract_start.is_none_or(|s| s <= date) && self.contract_end.is_none_or(|e| date <= e)
    }

    /// Every problem: empty names, contract end before start, malformed e-mail or phone (empty
    /// ones are allowed), a site city class the profile does not define (checked only when the
    /// profile defines classes).
    pub fn validate(&self, city_classes: &[CityClass]) -> Vec<CustomerProblem> {
        let mut out = Vec::new();
        let mut push = |path: String, code| out.push(CustomerProblem { path, code });
        if self.name.trim().is_empty() {
            push("name".into(), "required");
        }
        if let (Some(s), Some(e)) = (self.contract_start, self.contract_end) {
            if e < s {
                push("contract_end".into(), "dates_order");
            }
        }
        for (i, c) in self.contacts.iter().enumerate() {
            if c.name.trim().is_empty() {
                push(format!("contacts[{i}].name"), "required");
            }
            if !c.email.trim().is_empty() && !is_valid_email(&c.email) {
                push(format!("contacts[{i}].email"), "email");
            }
            if !c.phone.trim().is_empty() && !is_valid_phone(&c.phone) {
                push(format!("contacts[{i}].phone"), "phone");
            }
        }
        for (i, s) in self.sites.iter().enumerate() {
            if s.name.trim().is_empty() {
                push(format!("sites[{i}].name"), "required");
            }
            if let Some(class) = &s.city_class {
                if !city_classes.is_empty() && !city_classes.iter().any(|c| &c.id == class) {
                    push(format!("sites[{i}].city_class"), "city_class");
                }
            }
        }
        out
    }

    /// The city class of the site named `site` (names compared without case or surrounding
    /// spaces), if it has one.
    ///
    /// ```
    /// use mesa::domain::customer::{Customer, Site};
    /// let banco = Customer {
    ///     name: "Banco Andino".into(),
    ///     sites: vec![Site { name: "Matriz Quito".into(), city: "Quito".into(), city_class: Some("principal".into()) }],
    ///     ..Customer::default()
    /// };
    /// assert_eq!(banco.site_city_class(" matriz quito"), Some("principal"));
    /// assert_eq!(banco.site_city_class("Otra"), None);
    /// ```
    pub fn site_city_class(&self, site: &str) -> Option<&str> {
        let site = site.trim();
        self.sites
            .iter()
            .find(|s| s.name.trim().eq_ignore_ascii_case(site))?
            .city_class
            .as_deref()
    }
}

/// The desk's customer with this name (compared trimmed and case-insensitively), if one is on
/// file: where the registration form offers its sites and contacts.
///
/// ```
/// use mesa::domain::customer::{customer_named, Customer};
/// let list = vec![Customer { name: "Banco Andino".into(), ..Customer::default() }];
/// assert!(customer_named(&list, " banco andino ").is_some());
/// assert!(customer_named(&list, "").is_none());
/// ```
pub fn customer_named<'a>(customers: &'a [Customer], name: &str) -> Option<&'a Customer> {
    let name = name.trim();
    customers
        .iter()
        .find(|c| !name.is_empty() && c.name.trim().eq_ignore_ascii_case(name))
}

/// The contacts of `customer` that the process's messages go to (their role is one of
/// `roles`), as the registration form lists them.
pub fn notified_contacts<'a>(
    customer: &'a Customer,
    roles: &[String],
) -> impl Iterator<Item = &'a CustomerContact> {
    let roles: Vec<String> = roles.iter().map(|r| r.trim().to_lowercase()).collect();
    customer
        .contacts
        .iter()
        .filter(move |c| roles.contains(&c.role.trim().to_lowercase()))
}

/// Parses the stored list (an empty or missing value is an empty list).
pub fn customers_from_json(text: &str) -> Result<Vec<Customer>, serde_json::Error> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str(text)
}

/// How many customers the stored list holds, without reading them (the "first steps" checklist
/// only asks whether there is one; reading the customers is the pages' work). `None` when the
/// text is not a list.
///
/// ```
/// use mesa::domain::customer::customers_listed;
///
/// assert_eq!(customers_listed(""), Some(0));
/// assert_eq!(customers_listed(r#"[{"id": "acme"}, {"id": "globex"}]"#), Some(2));
/// assert_eq!(customers_listed("{}"), None);
/// ```
pub fn customers_listed(text: &str) -> Option<usize> {
    if text.trim().is_empty() {
        return Some(0);
    }
    serde_json::from_str::<Vec<serde::de::IgnoredAny>>(text)
        .ok()
        .map(|list| list.len())
}

/// Serializes the list for storage.
pub fn customers_to_json(customers: &[Customer]) -> String {
    serde_json::to_string(customers).unwrap_or_else(|_| "[]".to_string())
}
