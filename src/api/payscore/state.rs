//! Which operations an order's state allows, so callers never e.g. complete a
//! cancelled order. State, state description and collection state are read
//! together; combinations outside the documented table allow nothing.

use serde::Serialize;

use super::response::{CollectionState, OrderState, StateDescription};

/// Something a caller can do with an existing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    Query,
    Cancel,
    Complete,
    /// Lower the amount (decrease only).
    Modify,
    /// Mark as paid through another channel.
    Sync,
    RegisterDeductInfo,
    QueryDeduction,
    /// Refund the payment by its `transaction_id` (`/v3/refund/domestic/refunds`).
    Refund,
}

/// The answer of [`allowed_operations`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowedOperations {
    pub operations: Vec<Operation>,
    /// False when the combination is not in the table: nothing is allowed
    /// until a query shows a known state.
    pub known: bool,
    /// Operations in `operations` that the server refuses while a deduction
    /// registered with registerdeductinfo is live (24 h, or until it is closed
    /// at the clearing institution). Omitted when empty. The order's query
    /// response does not say whether one is live; the caller knows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocked_by_live_deduction: Vec<Operation>,
}

impl AllowedOperations {
    fn of(ops: &[Operation]) -> Self {
        AllowedOperations { operations: ops.to_vec(), known: true, blocked_by_live_deduction: Vec::new() }
    }

    pub(crate) fn unknown() -> Self {
        AllowedOperations { operations: Vec::new(), known: false, blocked_by_live_deduction: Vec::new() }
    }

    /// What is allowed when the caller knows whether a registered deduction is live.
    pub fn with_live_deduction(&self, live: bool) -> Vec<Operation> {
        self.operations.iter().copied().filter(|op| !(live && self.blocked_by_live_deduction.contains(op))).collect()
    }

    pub fn allows(&self, op: Operation) -> bool {
        self.operations.contains(&op)
    }
}

/// Operations allowed in a state, per the documented state table:
///
/// | state | state_description | collection.state | allowed |
/// |---|---|---|---|
/// | CREATED | – | any | query, cancel |
/// | DOING | USER_CONFIRM | – or USER_PAYING | query, complete, cancel |
/// | DOING | MCH_COMPLETE | – or USER_PAYING | query, cancel, modify, sync, register_deduct_info, query_deduction (cancel, modify, sync: not while a registered deduction is live) |
/// | DONE | – | – or USER_PAID | query, refund, query_deduction |
/// | REVOKED / EXPIRED | any | any | query |
pub fn allowed_operations(state: &OrderState, state_description: Option<&StateDescription>, collection_state: Option<&CollectionState>) -> AllowedOperations {
    use CollectionState as C;
    use Operation::*;
    use OrderState as S;
    use StateDescription as D;
    match (state, state_description, collection_state) {
        (S::Created, None, _) => AllowedOperations::of(&[Query, Cancel]),
        (S::Doing, Some(D::UserConfirm), None | Some(C::UserPaying)) => AllowedOperations::of(&[Query, Complete, Cancel]),
        // Cancel while USER_PAYING: doc/v3/partner/4013194058 (cancel, 2025.02.13) allows it in
        // CREATED, USER_CONFIRM and USER_PAYING; the older partner rule (271316592 after complete)
        // does not apply to acquiring banks. Cancel/modify/sync are refused while a registered
        // deduction is live: register-deduct-info page (acquiring-bank-service-order, 2024.12.09).
        (S::Doing, Some(D::MchComplete), None | Some(C::UserPaying)) => AllowedOperations {
            blocked_by_live_deduction: vec![Cancel, Modify, Sync],
            ..AllowedOperations::of(&[Query, Cancel, Modify, Sync, RegisterDeductInfo, QueryDeduction])
        },
        (S::Done, None, None | Some(C::UserPaid)) => AllowedOperations::of(&[Query, Refund, QueryDeduction]),
        // Terminal: querying is all that is left whatever else is reported.
        (S::Revoked | S::Expired, _, _) => AllowedOperations::of(&[Query]),
        _ => AllowedOperations::unknown(),
    }
}

/// [`allowed_operations`] from the raw wire strings (for hosts holding JSON).
pub fn allowed_operations_for(state: &str, state_description: Option<&str>, collection_state: Option<&str>) -> AllowedOperations {
    allowed_operations(
        &OrderState::from_wire(state),
        state_description.map(StateDescription::from_wire).as_ref(),
        collection_state.map(CollectionState::from_wire).as_ref(),
    )
}

#[cfg(test)]
mod tests {
    use super::Operation::*;
    use super::*;

    fn ops(s: &str, d: Option<&str>, c: Option<&str>) -> (Vec<Operation>, bool) {
        let a = allowed_operations_for(s, d, c);
        (a.operations, a.known)
    }

    #[test]
    fn documented_table() {
        assert_eq!(ops("CREATED", None, None), (vec![Query, Cancel], true));
        assert_eq!(ops("DOING", Some("USER_CONFIRM"), None), (vec![Query, Complete, Cancel], true));
        assert_eq!(ops("DOING", Some("MCH_COMPLETE"), Some("USER_PAYING")), (vec![Query, Cancel, Modify, Sync, RegisterDeductInfo, QueryDeduction], true));
        assert_eq!(ops("DONE", None, Some("USER_PAID")), (vec![Query, Refund, QueryDeduction], true));
        assert_eq!(ops("REVOKED", None, None), (vec![Query], true));
        assert_eq!(ops("EXPIRED", None, None), (vec![Query], true));
    }

    /// Issue 12 row 4. doc/v3/partner/4013194058 (acquiring-bank cancel, 2025.02.13): cancel is
    /// allowed in CREATED, USER_CONFIRM and USER_PAYING (completed, awaiting payment); only a
    /// live registered deduction blocks it (and modify and sync: register-deduct-info, 2024.12.09).
    #[test]
    fn cancel_allowed_while_user_paying_unless_a_deduction_is_live() {
        let a = allowed_operations_for("DOING", Some("MCH_COMPLETE"), Some("USER_PAYING"));
        assert!(a.allows(Cancel));
        assert_eq!(a.blocked_by_live_deduction, vec![Cancel, Modify, Sync]);
        assert_eq!(a.with_live_deduction(false), a.operations);
        assert_eq!(a.with_live_deduction(true), vec![Query, RegisterDeductInfo, QueryDeduction]);
        // No other state has a deduction to wait for.
        for (s, d, c) in [("CREATED", None, None), ("DOING", Some("USER_CONFIRM"), None), ("DONE", None, Some("USER_PAID"))] {
            let a = allowed_operations_for(s, d, c);
            assert!(a.blocked_by_live_deduction.is_empty(), "{s} {d:?}");
            assert_eq!(a.with_live_deduction(true), a.operations);
        }
    }

    #[test]
    fn finished_orders_cannot_be_cancelled_or_completed() {
        for (s, d, c) in [("DONE", None, Some("USER_PAID")), ("REVOKED", None, None), ("EXPIRED", None, None)] {
            assert!(!allowed_operations_for(s, d, c).allows(Cancel), "{s} {d:?}");
        }
        assert!(allowed_operations_for("DOING", Some("USER_CONFIRM"), None).allows(Cancel));
        assert!(!allowed_operations_for("CREATED", None, None).allows(Complete));
        assert!(!allowed_operations_for("DOING", Some("MCH_COMPLETE"), None).allows(Complete));
    }

    #[test]
    fn unknown_or_contradictory_combinations_allow_nothing() {
        for (s, d, c) in [
            ("PAUSED", None, None),
            ("doing", Some("USER_CONFIRM"), None),
            ("DOING", None, None),
            ("DOING", Some("USER_HOLD"), None),
            ("DOING", Some("MCH_COMPLETE"), Some("USER_PAID")),
            ("DOING", Some("MCH_COMPLETE"), Some("WAIT_PAY")),
            ("DONE", None, Some("USER_PAYING")),
            ("DONE", Some("MCH_COMPLETE"), Some("USER_PAID")),
            ("CREATED", Some("USER_CONFIRM"), None),
            ("", None, None),
        ] {
            assert_eq!(ops(s, d, c), (vec![], false), "{s} {d:?} {c:?}");
        }
    }

    #[test]
    fn serialises_snake_case() {
        let a = allowed_operations_for("DOING", Some("MCH_COMPLETE"), None);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"operations":["query","cancel","modify","sync","register_deduct_info","query_deduction"],"known":true,"blocked_by_live_deduction":["cancel","modify","sync"]}"#
        );
        // Empty lists are omitted, so other states keep the two-field shape.
        assert_eq!(serde_json::to_string(&allowed_operations_for("CREATED", None, None)).unwrap(), r#"{"operations":["query","cancel"],"known":true}"#);
    }
}
