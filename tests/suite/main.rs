//! The whole test suite, one binary: each module is one capability (see the
//! README's "How the code is laid out"). One binary links the crate once.

mod common;

mod bad_input;
mod batch;
mod big_table;
mod checks;
mod cli;
#[cfg(feature = "serve")]
mod desk;
mod docx;
mod explain;
mod fix;
mod forms;
mod formula_audit;
mod html;
mod i18n;
mod ikm_nrr;
mod kke;
mod locate;
mod performance;
mod pinned;
mod polarity;
mod problems;
mod properties;
mod real_world;
mod reconcile;
mod reference;
mod repo;
mod robust;
mod second_unit;
#[cfg(feature = "serve")]
mod serve;
mod siblings;
mod xlsx_patch;
mod xlsx_rewrite;
