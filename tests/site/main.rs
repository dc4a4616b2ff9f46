//! Integration tests: real sites built into temporary folders, checked for
//! what a reader (or an editor reading errors) sees.

mod documents;
mod harness;

mod budgets;
mod building;
mod contradictions;
mod corpus;
mod errors;
mod fixtures;
mod home;
mod import;
mod incremental;
mod input;
mod official_page;
mod output_safety;
mod photos;
mod progress;
mod progress_words;
mod publishing;
mod sample;
mod scaffold;
mod search;
mod serve;
mod strings;
mod units;
