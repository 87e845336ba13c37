//! Seats on an organization's leadership team (班子): the positions the rules name, held by
//! the organization's own members (docs/rules.md#leadership-teams).

use crate::error::ErrorCode;

/// The positions, in the order a team is listed; stored by their Chinese names.
pub const POSITIONS: [&str; 6] = ["书记", "副书记", "组织委员", "宣传委员", "纪检委员", "委员"];

/// The secretary: appointing one offers the organization's admin role, and a branch without one
/// is flagged.
pub const SECRETARY: &str = "书记";

/// A position named in [`POSITIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position(&'static str);

impl Position {
    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        POSITIONS
            .iter()
            .find(|p| **p == s.trim())
            .map(|p| Position(p))
            .ok_or(ErrorCode::InvalidPosition)
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// Only one member holds each of these at a time; 委员 may be several.
    pub fn is_single(self) -> bool {
        self.0 != "委员"
    }

    pub fn is_secretary(self) -> bool {
        self.0 == SECRETARY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_the_named_ones() {
        assert_eq!(Position::parse(" 书记 ").unwrap().as_str(), "书记");
        assert!(Position::parse("书记").unwrap().is_secretary());
        assert!(!Position::parse("委员").unwrap().is_single());
        assert!(Position::parse("纪检委员").unwrap().is_single());
        assert_eq!(Position::parse("主任"), Err(ErrorCode::InvalidPosition));
    }
}
