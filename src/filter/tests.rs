//! Unit tests of the CQL2 filter.
