//! Functional levels: who works a ticket (1st level service desk, 2nd level technician...).

use serde::{Deserialize, Serialize};

use super::check::Report;

/// A functional level with its responsible area and duties.
///
/// ```json
/// { "number": 1, "name": "Primer nivel", "area": "Mesa de servicio",
///   "criticality": "Baja", "impact": "No crítico",
///   "responsibilities": ["Detección y registro", "Consultar la base de conocimiento"] }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// 1 = first level; tickets move up by number.
    pub number: u8,
    pub name: String,
    /// The responsible area ("Centro de Atención", "área de Soporte").
    #[serde(default)]
    pub area: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    #[serde(default)]
    pub responsibilities: Vec<String>,
}

impl Level {
    pub(super) fn check(&self, path: &str, r: &mut Report) {
        if self.number == 0 {
            r.push(&format!("{path}.number"), "must be 1 or more");
        }
        r.name(&format!("{path}.name"), &self.name);
        for (i, duty) in self.responsibilities.iter().enumerate() {
            r.name(&format!("{path}.responsibilities[{i}]"), duty);
        }
    }
}
