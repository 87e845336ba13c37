//! Identifiers and personal data that must be validated at the boundary.

mod mobile;
mod person_name;
mod resident_id;

pub use mobile::Mobile;
pub use person_name::PersonName;
pub use resident_id::{make_check_digit, try_check_digit, ResidentId, Sex};

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

macro_rules! positive_id {
    ($(#[$meta:meta])* $name:ident, $err:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "i64")]
        pub struct $name(i64);

        impl $name {
            /// The smallest valid key.
            pub const MIN: Self = Self(1);

            pub fn new(v: i64) -> Result<Self, ErrorCode> {
                if v > 0 {
                    Ok(Self(v))
                } else {
                    Err(ErrorCode::$err)
                }
            }

            pub fn parse(s: &str) -> Result<Self, ErrorCode> {
                let s = s.trim();
                if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ErrorCode::$err);
                }
                Self::new(s.parse().map_err(|_| ErrorCode::$err)?)
            }

            pub fn get(self) -> i64 {
                self.0
            }
        }

        $crate::openapi_schema!($name, $crate::macros::id_schema());

        impl TryFrom<i64> for $name {
            type Error = ErrorCode;
            fn try_from(v: i64) -> Result<Self, ErrorCode> {
                Self::new(v)
            }
        }

        impl From<$name> for i64 {
            fn from(v: $name) -> i64 {
                v.0
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl core::str::FromStr for $name {
            type Err = ErrorCode;
            fn from_str(s: &str) -> Result<Self, ErrorCode> {
                Self::parse(s)
            }
        }

        // A stored key that is not positive is corrupt: reading it fails instead of passing a
        // value no form could have produced.
        #[cfg(feature = "sqlx")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            i64: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <i64 as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <i64 as sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            i64: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let raw = <i64 as sqlx::Decode<'r, DB>>::decode(value)?;
                Ok(Self::new(raw)?)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $name
        where
            i64: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <i64 as sqlx::Encode<'q, DB>>::encode(self.0, buf)
            }
        }
    };
}

positive_id!(
    /// Database key of an organization; positive because 0/negative are
    /// what uninitialised form fields send.
    OrgId,
    InvalidOrgId
);
positive_id!(
    /// Database key of a member.
    MemberId,
    InvalidMemberId
);
positive_id!(
    /// Database key of a sign-in account (an administrator, or a member's own account).
    AccountId,
    BadRequest
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positive() {
        assert_eq!(OrgId::new(1).unwrap().get(), 1);
        assert_eq!(OrgId::new(0), Err(ErrorCode::InvalidOrgId));
        assert_eq!(MemberId::new(-3), Err(ErrorCode::InvalidMemberId));
        assert_eq!(MemberId::parse(" 42 ").unwrap().get(), 42);
        assert_eq!(MemberId::parse("+42"), Err(ErrorCode::InvalidMemberId));
        assert_eq!(
            OrgId::parse("99999999999999999999"),
            Err(ErrorCode::InvalidOrgId)
        );
        assert!(serde_json::from_str::<OrgId>("0").is_err());
        assert_eq!(serde_json::to_string(&OrgId::new(7).unwrap()).unwrap(), "7");
    }
}
