//! Record types of cavra's stores.

pub mod aispm;
pub mod integration;
