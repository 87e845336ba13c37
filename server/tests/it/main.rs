//! The server's integration tests, linked into one binary: each module drives the real router
//! over HTTP on 127.0.0.1 against a fresh SQLite file and a fresh PostgreSQL database
//! (`common::spawn_app`). One binary links the server once instead of once per file, which is
//! most of what fifteen test binaries cost on a two-core machine.

// A test that panics is a failing test: unwrapping and indexing are how tests say "must".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[macro_use]
mod common;

mod access;
mod accounts;
mod api_tokens;
mod archive;
mod assistance;
mod auth;
mod command;
mod dues;
mod export;
mod files;
mod hardening;
mod headers;
mod http;
mod identity;
mod import;
mod lists;
mod navigation;
mod new_member;
mod notices;
mod org_tree;
mod orglife;
mod points;
mod probation;
mod rankings;
mod reminders;
mod roles;
mod route_matrix;
mod route_table;
mod schema;
mod search;
mod seed;
mod self_service;
mod settings;
mod setup;
mod shutdown;
mod structure;
mod study;
mod suggestions;
mod tasks;
mod trail;
mod trail_page;
mod video;
