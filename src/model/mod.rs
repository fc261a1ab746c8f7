//! Record types of cavra's stores.

pub mod integration;
