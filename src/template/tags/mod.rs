//! Tags and blocks we add to liquid-core: lax loops, and Braze's own tags.

pub mod body;
pub mod braze;
pub mod capture;
pub mod conditions;
pub mod loops;
pub mod text;
