//! Server side of Dangjian Cloud: configuration, storage, HTTP and operations.
//! The binary (`main.rs`) only parses the command line and calls into here, so integration
//! tests drive exactly the same code.

pub mod access;
pub mod accounts;
pub mod alerts;
pub mod api_tokens;
pub mod archive;
pub mod assistance;
pub mod auth;
pub mod clock;
pub mod command;
pub mod config;
pub mod dues;
pub mod error;
pub mod files;
pub mod forms;
pub mod html;
pub mod http;
pub mod import;
pub mod inbox;
pub mod members;
pub mod net;
pub mod notices;
pub mod ops;
pub mod orglife;
pub mod orgs;
#[cfg(feature = "simulator")]
pub mod paysim;
pub mod points;
pub mod rankings;
pub mod reminders;
pub mod roles;
pub mod search;
pub mod seed;
pub mod settings;
pub mod setup;
pub mod storage;
pub mod study;
pub mod suggestions;
pub mod tasks;
pub mod telemetry;
pub mod trail;
pub mod ui;
pub mod video;
pub mod wechatpay;
