//! A member's suggestion (建议) and how the organization handles it: the branch (or the
//! committee it was forwarded to) replies, adopts it — which earns the author points — or
//! forwards it one level up. Replied and adopted suggestions are closed.

use crate::error::ErrorCode;

code_enum! {
    pub enum SuggestionStatus / BadRequest {
        Submitted = "submitted" / "待处理",
        Replied = "replied" / "已答复",
        Forwarded = "forwarded" / "已转上级",
        Adopted = "adopted" / "已采纳",
    }
}

code_enum! {
    /// What a handler does with an open suggestion.
    pub enum Handling / BadRequest {
        Reply = "reply" / "答复",
        Adopt = "adopt" / "采纳",
        Forward = "forward" / "转上级",
    }
}

impl SuggestionStatus {
    /// Still waiting for an answer (where it was sent, or where it was forwarded to).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            SuggestionStatus::Submitted | SuggestionStatus::Forwarded
        )
    }

    /// The status after `handling`; closed suggestions are not handled again.
    pub fn handle(self, handling: Handling) -> Result<SuggestionStatus, ErrorCode> {
        if !self.is_open() {
            return Err(ErrorCode::InvalidTransition);
        }
        Ok(match handling {
            Handling::Reply => SuggestionStatus::Replied,
            Handling::Adopt => SuggestionStatus::Adopted,
            Handling::Forward => SuggestionStatus::Forwarded,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn only_open_suggestions_move_and_replies_close_them(
            steps in prop::collection::vec(prop::sample::select(Handling::ALL.to_vec()), 0..6)
        ) {
            let mut status = SuggestionStatus::Submitted;
            for h in steps {
                match status.handle(h) {
                    Ok(next) => {
                        prop_assert!(status.is_open());
                        prop_assert_eq!(next.is_open(), h == Handling::Forward);
                        status = next;
                    }
                    Err(_) => prop_assert!(!status.is_open()),
                }
            }
        }
    }
}
