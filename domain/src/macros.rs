/// Declares a closed list of codes shared with the UI and the database.
///
/// Serde goes through `code()`/`parse()` by hand instead of a derive so the wire
/// string and the Rust string can never drift apart, and so a bad value read
/// from JSON fails with the same `ErrorCode` a form would get.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident / $err:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal / $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order (for pick lists).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Stable snake_case code used on the wire and in storage.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Chinese label for display.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Accepts the code or the Chinese label, because imported
            /// spreadsheets usually carry the label.
            pub fn parse(s: &str) -> Result<Self, $crate::error::ErrorCode> {
                let s = s.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == s || v.label_zh() == s)
                    .ok_or($crate::error::ErrorCode::$err)
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.label_zh())
            }
        }

        impl core::str::FromStr for $name {
            type Err = $crate::error::ErrorCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }

        $crate::stored_as_text!($name, |s: &str| $name::ALL.iter().copied().find(|v| v.code() == s), |v: &$name| v.code());
        $crate::openapi_schema!($name, $crate::macros::code_schema($name::ALL.iter().map(|v| v.code())));
    };
}

/// Lets the server read a value straight from a TEXT column and bind it to a query. Reading
/// accepts exactly what writing produces (the code, never a label): a stored value that does
/// not parse is a decode error, which the server reports as an internal error, never a default.
#[doc(hidden)]
#[macro_export]
macro_rules! stored_as_text {
    ($name:ident, $read:expr, $write:expr) => {
        #[cfg(feature = "sqlx")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let raw = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                let read = $read;
                read(raw)
                    .ok_or_else(|| format!("{raw:?} is not a stored {}", stringify!($name)).into())
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $name
        where
            String: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                let write = $write;
                <String as sqlx::Encode<'q, DB>>::encode(String::from(write(self)), buf)
            }
        }
    };
}

/// Describes a type to the server's OpenAPI document (docs/security.md#the-open-api) by the
/// schema `$schema` builds; nothing without the `openapi` feature, so the browser's build
/// carries none of it.
#[doc(hidden)]
#[macro_export]
macro_rules! openapi_schema {
    ($name:ty, $schema:expr) => {
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::RefOr::T(utoipa::openapi::schema::Schema::Object($schema))
            }
        }
        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

/// A string that is one of `codes`.
#[cfg(feature = "openapi")]
pub fn code_schema<'a>(codes: impl Iterator<Item = &'a str>) -> utoipa::openapi::Object {
    use utoipa::openapi::{schema::Type, ObjectBuilder};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(codes))
        .build()
}

/// A database key: a positive 64-bit integer.
#[cfg(feature = "openapi")]
pub fn id_schema() -> utoipa::openapi::Object {
    use utoipa::openapi::{
        schema::{KnownFormat, SchemaFormat, Type},
        ObjectBuilder,
    };
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(1))
        .build()
}
