//! placeholder while the number reader is written
