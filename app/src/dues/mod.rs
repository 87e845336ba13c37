pub mod calculate;
pub mod calculator;
