//! Every integration test of the workspace, in one test binary.
//!
//! Each file beside this one is a module of it: `tests/hostile.rs` is `hostile`, run alone
//! with `cargo test -p newsdesk --test suite hostile::`. One binary rather than one per file,
//! because each of those linked the whole app: forty-odd copies of it made a clean test build
//! take many gigabytes of disk and minutes of linking. (`autotests = false` in Cargo.toml.)

#[macro_use]
mod common;

mod accessibility;
mod accounts;
mod admin_api;
mod admin_structure;
mod backup;
mod browser;
mod cli;
mod content_api;
mod crash;
mod deep_pages;
mod deploy;
mod desk;
mod desk_list;
mod desk_tools;
mod editor;
mod embeds;
mod embeds_browser;
mod errors;
mod export;
mod failpoints;
mod feeds;
mod fuzz_corpus;
mod hostile;
mod import_ghost;
mod import_wxr;
mod media;
mod newsroom_day;
mod ninjs;
mod object_storage;
mod openapi;
mod pictures;
mod presence;
mod purge;
mod reach;
mod related;
mod rich_text;
mod scheduler;
mod schema;
mod search;
mod settings;
mod single_flight;
mod site;
mod standalone;
mod structure;
mod webhooks;
mod xss;
