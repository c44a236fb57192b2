//! One integration-test binary for the whole workspace: each module tests one stage or
//! command end to end on the bundled corpus.

mod cli;
mod dehyphen;
mod drawing_order;
mod extract;
mod fuzz_regressions;
mod index;
mod limits;
mod renderings;
mod serve;
mod synth;
mod tag;
