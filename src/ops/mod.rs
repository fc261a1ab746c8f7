//! The jobs cavra does. Each takes an options value, does the work through
//! `store`, and returns a typed, `Serialize` outcome; no clap, no terminal.

pub mod connectors;
pub mod deliver;
pub mod demo;
pub mod demo_receiver;
pub mod init;
pub mod inventory;
pub mod validate;
pub mod workspace;
