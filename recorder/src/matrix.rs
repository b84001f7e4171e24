//! Agreement tables.
