//! A finding of `check` or of loading: one line naming layer, feature id, field and what is wrong.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// Contract layer name (`zones`, `parcels`, `roads`, `villages`) or `source`.
    pub layer: String,
    pub feature_id: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl Finding {
    pub fn error(
        layer: &str,
        feature_id: Option<&str>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Finding::new(Severity::Error, layer, feature_id, field, message)
    }
    pub fn warning(
        layer: &str,
        feature_id: Option<&str>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Finding::new(Severity::Warning, layer, feature_id, field, message)
    }
    fn new(
        severity: Severity,
        layer: &str,
        feature_id: Option<&str>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            severity,
            layer: layer.to_string(),
            feature_id: feature_id.map(str::to_string),
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Finding {
    /// `error: layer parcels, feature P-0001, field agreed_start: "2013-02-30" is not a valid date`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{sev}: layer {}", self.layer)?;
        if let Some(id) = &self.feature_id {
            write!(f, ", feature {id}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}
