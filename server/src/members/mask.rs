//! Personal information law (PIPL): ID and mobile numbers are masked wherever they are listed.
//! Stored values were validated on the way in; anything unparsable is hidden entirely.

use domain::{Mobile, ResidentId};

pub fn mobile(raw: &str) -> String {
    Mobile::parse(raw).map_or_else(|_| "***".into(), |m| m.masked())
}

pub fn id_number(raw: &str) -> String {
    ResidentId::parse(raw).map_or_else(|_| "***".into(), |id| id.masked())
}
