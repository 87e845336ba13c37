//! Business rules of Dangjian Cloud (党建云), free of IO.
//!
//! Everything here is a pure function of its inputs: no clock (callers pass
//! "today"), no randomness, no storage. That keeps the rules testable against
//! the worked examples in `docs/rules.md` and lets the same code run
//! on the server and in the browser (wasm).
//!
//! Money is integer fen ([`Fen`]); fallible functions return
//! `Result<T, ErrorCode>` with one shared [`ErrorCode`] vocabulary.

#[macro_use]
#[doc(hidden)]
pub mod macros;

pub mod access;
pub mod alerts;
pub mod api_token;
pub mod archive;
pub mod assistance;
pub mod command;
pub mod date;
pub mod deadlines;
pub mod dues;
pub mod error;
pub mod ids;
pub mod import;
pub mod money;
pub mod org;
pub mod orglife;
pub mod password;
pub mod points;
pub mod probation;
pub mod ranking;
pub mod ratio;
pub mod role;
pub mod standing;
pub mod study;
pub mod suggestion;
pub mod task;
pub mod transfer;
pub mod video;

pub use date::{Date, Weekday, YearMonth};
pub use error::ErrorCode;
pub use ids::{AccountId, MemberId, Mobile, OrgId, PersonName, ResidentId, Sex};
pub use money::Fen;
pub use org::{MemberStatus, OrgKind, OrgName, OrgPath};
pub use ratio::Permille;
pub use role::Role;
