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
    };
}
