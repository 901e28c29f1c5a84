//! The registry: every kind of check a rules file can write (`[[check]]
//! type = "…"`), by its name. Each kind's spec, in the check's own file, reads
//! and validates its keys; adding a kind of check is a file and a line here.

use super::*;
use crate::rules::{read, Kind};

/// Every kind of check, in the order an unknown `type`'s error lists them.
pub(crate) const KINDS: &[Kind] = &[
    ("ratio", read::<ratio::Spec>),
    ("capaian", read::<capaian::Spec>),
    ("sum", read::<sum::Spec>),
    ("average", read::<average::Spec>),
    ("efficiency", read::<efficiency::Spec>),
    ("equal", read::<equal::Spec>),
    ("range", read::<range::Spec>),
    ("repeat", read::<repeat::Spec>),
    ("index", read::<index::Spec>),
    ("quarters", read::<quarters::Spec>),
    ("scale", read::<scale_table::Spec>),
    ("category", read::<category::Spec>),
    ("recap", read::<recap::Spec>),
    ("hierarchy", read::<hierarchy::Spec>),
    ("tree", read::<tree::Spec>),
    ("add", read::<add::Spec>),
    ("kke", read::<kke::Spec>),
    ("at_most", read::<limit::Spec>),
    ("mean", read::<mean::Spec>),
];
