//! Split arithmetic in integer fen (no floats anywhere).
//!
//! * [`fee`]: splittable = order amount − WeChat's fee (rate in ppm, half up);
//! * [`allocate`](mod@allocate): rules (fixed fen or basis points) → whole-fen shares, largest remainder;
//! * [`plan`]: one split request against an order's state and a [`Policy`];
//! * [`ledger`]: replay of splits, returns and finishes with the money after each step.
//!
//! Every public input and output type is serde with camelCase fields so the
//! wasm layer can pass them through serde-wasm-bindgen unchanged.

pub mod allocate;
pub mod fee;
pub mod ledger;
pub mod plan;
pub mod policy;
pub mod violation;

pub use allocate::{allocate, allocate_checked, largest_remainder, Allocation, AllocationRule, BP_ONE};
pub use fee::{fee_fen, rate_fee, splittable, Fee, FeeBreakdown, PPM_ONE};
pub use ledger::{simulate, FinishRequest, Operation, OperationKind, ReceiverBalance, ReturnRequest, Simulation, Snapshot, StepRecord};
pub use plan::{check_plan, ratio_cap, Order, PlanReport, ReceiverType, SplitReceiver, SplitRequest};
pub use policy::Policy;
pub use violation::{Violation, ViolationCode};
