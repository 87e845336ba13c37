//! Party dues (党费): my bills and receipts with online payment (`/dues`), the public calculator
//! (`/dues/calculator`), the branch's and committee's work (`/admin/dues`) and the ledgers
//! (`/dues/ledger`). Every amount comes from `domain::dues`, in the browser and on the server.

mod admin;
mod api;
pub mod calculate;
pub mod calculator;
mod facade;
mod ledger;
mod page;
mod types;

pub use admin::AdminDuesPage;
pub use api::*;
#[cfg(feature = "ssr")]
pub use facade::DuesApi;
pub use ledger::DuesLedgerPage;
pub use page::DuesPage;
pub use types::*;
