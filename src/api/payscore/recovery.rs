//! A write whose answer was lost: did it take effect?
//!
//! Cancel, complete and terminate are safe to send again because a state guards them: a second
//! complete is refused, never charged twice. A deduction number charges once however often it is
//! registered. The price is that a retry after a lost answer (a timeout, a dropped connection, a
//! 5xx after the server acted) may be refused although the first attempt succeeded. A client then
//! asks the order (the authorization, the registered deduction): [`recovery_request`] is the
//! query to send, [`recovered_ack`] reads its verified answer and says whether the state is where
//! this write leads. When it is not, the refusal stands.

use super::cancel::CancelServiceOrder;
use super::complete::CompleteServiceOrder;
use super::permissions::{parse_query_permissions_response, query_permissions, AuthorizationState, QueryPermissions, TerminatePermissions};
use super::query_deduction::{query_deduction, QueryDeduction};
use super::query_order::{query_service_order, QueryServiceOrder};
use super::register_deduct_info::RegisterDeductInfo;
use super::response::{parse_query_deduction_response, parse_query_response, Ack, DeductInfo, OrderState, ServiceOrder, StateDescription};
use crate::api::RequestSpec;

/// A write whose effect a query shows: an order's or an authorization's state, a registered deduction.
#[derive(Debug, Clone, PartialEq)]
pub enum GuardedWrite {
    Cancel(CancelServiceOrder),
    Complete(Box<CompleteServiceOrder>),
    /// Ends a user's authorization (`permissions/…/terminate`): shown as UNAVAILABLE.
    Terminate(TerminatePermissions),
    /// Registers the institution's deduction number: shown by the deduction query as the same
    /// `out_trade_no`.
    RegisterDeduct(RegisterDeductInfo),
}

/// What a settled write answers: its own result type, marked `recovered`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Recovered {
    /// Cancel, complete, terminate: an [`Ack`] (with the order as queried, for an order write).
    Ack(Box<Ack>),
    /// registerdeductinfo: its [`DeductInfo`], `description` as queried.
    DeductInfo(DeductInfo),
}

impl GuardedWrite {
    /// Whether `order` is where this order write leads (checked on an order of the same number).
    pub fn took_effect(&self, order: &ServiceOrder) -> bool {
        let asked_for = match self {
            GuardedWrite::Cancel(c) => &c.out_order_no,
            GuardedWrite::Complete(c) => &c.out_order_no,
            GuardedWrite::Terminate(_) | GuardedWrite::RegisterDeduct(_) => return false,
        };
        if order.out_order_no != *asked_for {
            return false;
        }
        match self {
            GuardedWrite::Terminate(_) | GuardedWrite::RegisterDeduct(_) => false,
            GuardedWrite::Cancel(_) => order.state == Some(OrderState::Revoked),
            GuardedWrite::Complete(c) => {
                // Complete moves DOING/USER_CONFIRM to DOING/MCH_COMPLETE; DONE follows only from there.
                let completed = matches!(
                    (&order.state, &order.state_description),
                    (Some(OrderState::Doing), Some(StateDescription::MchComplete)) | (Some(OrderState::Done), _)
                );
                // The amount this write asked for, when it named one and the order states one: a
                // complete with another amount (another process, an earlier call) is not this one.
                let same_amount = match (c.total_amount.as_ref().map(|f| f.value()), order.total_amount) {
                    (Some(Ok(asked)), Some(charged)) => i64::try_from(asked).is_ok_and(|a| a == charged),
                    (Some(Err(_)), _) => false,
                    _ => true,
                };
                completed && same_amount
            }
        }
    }
}

/// The order query of an order write: the same order, by its `out_order_no`.
fn order_query(service_id: &Option<String>, sub_mchid: &Option<String>, channel_id: &Option<String>, out_order_no: &Option<String>) -> QueryServiceOrder {
    QueryServiceOrder {
        service_id: service_id.clone(),
        sub_mchid: sub_mchid.clone(),
        channel_id: channel_id.clone(),
        out_order_no: out_order_no.clone(),
        query_id: None,
        extra: None,
    }
}

/// The query that tells whether `write` took effect, or `None` when the write lacks what the
/// query needs (a cancel may leave out `service_id`, which the order query requires): such a
/// refusal cannot be settled.
pub fn recovery_request(write: &GuardedWrite) -> Option<RequestSpec> {
    let built = match write {
        GuardedWrite::Cancel(c) => query_service_order(&order_query(&c.service_id, &c.sub_mchid, &c.channel_id, &c.out_order_no)),
        GuardedWrite::Complete(c) => query_service_order(&order_query(&c.service_id, &c.sub_mchid, &c.channel_id, &c.out_order_no)),
        GuardedWrite::Terminate(t) => query_permissions(&QueryPermissions {
            authorization_code: t.authorization_code.clone(),
            service_id: t.service_id.clone(),
            channel_id: t.channel_id.clone(),
            sub_mchid: t.sub_mchid.clone(),
            extra: None,
        }),
        // Register-deduct-info and query-deduction pages (acquiring-bank-service-order): the
        // query takes the register's identifiers and the order's out_order_no.
        GuardedWrite::RegisterDeduct(r) => query_deduction(&QueryDeduction {
            service_id: r.service_id.clone(),
            appid: r.appid.clone(),
            sub_mchid: r.sub_mchid.clone(),
            channel_id: r.channel_id.clone(),
            sub_appid: r.sub_appid.clone(),
            out_order_no: r.out_order_no.clone(),
            extra: None,
        }),
    };
    built.ok()
}

/// The write's result read off the (verified) answer to [`recovery_request`], marked
/// `recovered` (for an order write, with the order as queried) when the state shows the write,
/// else `None`. An answer that is not a readable order, authorization or deduction is an error,
/// as for any query.
pub fn recovered_ack(write: &GuardedWrite, query_status: u16, query_body: &str) -> crate::Result<Option<Recovered>> {
    match write {
        GuardedWrite::Terminate(t) => {
            let record = parse_query_permissions_response(query_status, query_body)?;
            // Ended, and the record is this authorization (when the answer names it).
            let same = record.authorization_code.is_none() || record.authorization_code == t.authorization_code;
            let settled = same && record.authorization_state == Some(AuthorizationState::Unavailable);
            Ok(settled.then_some(Recovered::Ack(Box::new(Ack { status: query_status, order: None, recovered: true }))))
        }
        GuardedWrite::RegisterDeduct(r) => {
            let info = parse_query_deduction_response(query_status, query_body)?;
            // The registration in place is this one: the same deduction number (another number
            // is another registration, which the refusal was right about).
            let settled = r.out_trade_no.is_some() && info.out_trade_no == r.out_trade_no;
            Ok(settled.then_some(Recovered::DeductInfo(DeductInfo { description: info.description, recovered: true, extra: info.extra })))
        }
        GuardedWrite::Cancel(_) | GuardedWrite::Complete(_) => {
            let order = parse_query_response(query_status, query_body)?;
            let settled = write.took_effect(&order);
            Ok(settled.then_some(Recovered::Ack(Box::new(Ack { status: query_status, order: Some(order), recovered: true }))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::input_from_json;

    fn complete(total: Option<u64>) -> GuardedWrite {
        let mut c: CompleteServiceOrder =
            input_from_json(r#"{"out_order_no":"SO1","service_id":"500001","sub_mchid":"1900000109","channel_id":"1900000100"}"#).unwrap();
        c.total_amount = total.map(crate::api::payscore::Fen::new);
        GuardedWrite::Complete(Box::new(c))
    }

    fn ack(r: Recovered) -> Ack {
        match r {
            Recovered::Ack(a) => *a,
            Recovered::DeductInfo(d) => panic!("an order or authorization write answered {d:?}"),
        }
    }

    fn register(out_trade_no: &str) -> GuardedWrite {
        GuardedWrite::RegisterDeduct(
            input_from_json(&format!(
                r#"{{"out_order_no":"SO1","service_id":"500001","appid":"wxd678efh567hg6787","sub_mchid":"1900000109","channel_id":"1900000100","out_trade_no":"{out_trade_no}"}}"#
            ))
            .unwrap(),
        )
    }

    #[test]
    fn the_registered_deduction_number_settles_a_register() {
        let q = recovery_request(&register("T1")).unwrap();
        assert_eq!(
            (q.method, q.path_and_query.as_str()),
            (
                "GET",
                "/v3/payscore/acquiringbank/serviceorder/deduction?service_id=500001&appid=wxd678efh567hg6787&sub_mchid=1900000109&channel_id=1900000100&out_order_no=SO1"
            )
        );
        let answer = |body: &str| recovered_ack(&register("T1"), 200, body).unwrap();
        let Some(Recovered::DeductInfo(d)) = answer(r#"{"description":"服务费","out_trade_no":"T1","new_field":1}"#) else {
            panic!("the same deduction number settles it")
        };
        assert!(d.recovered && d.description.as_deref() == Some("服务费") && d.extra.contains_key("new_field"));
        assert_eq!(
            serde_json::to_value(Recovered::DeductInfo(d)).unwrap(),
            serde_json::json!({"description": "服务费", "recovered": true, "new_field": 1}),
            "the shape of registerDeductInfo's own answer, plus recovered"
        );
        assert_eq!(answer(r#"{"description":"服务费","out_trade_no":"T2"}"#), None, "another registration");
        assert_eq!(answer(r#"{"description":"服务费"}"#), None, "no number: nothing to compare");
        let r = recovered_ack(&register("T1"), 404, r#"{"code":"RESOURCE_NOT_EXISTS","message":"扣款信息不存在"}"#);
        assert!(matches!(r, Err(crate::Error::Api(_))), "{r:?}");
        // An answer's own `recovered` field is never read as ours.
        let d: DeductInfo = serde_json::from_str(r#"{"description":"x","recovered":true}"#).unwrap();
        assert!(!d.recovered && d.extra.contains_key("recovered"));
        assert!(!register("T1").took_effect(&ServiceOrder::default()));
    }

    fn terminate() -> GuardedWrite {
        GuardedWrite::Terminate(
            input_from_json(r#"{"authorization_code":"AC1","service_id":"500001","sub_mchid":"1900000109","channel_id":"1900000100","reason":"r"}"#).unwrap(),
        )
    }

    #[test]
    fn an_ended_authorization_settles_a_terminate() {
        let record = |state: &str, code: Option<&str>| {
            let mut r = serde_json::json!({"service_id": "500001", "authorization_state": state});
            if let Some(c) = code {
                r["authorization_code"] = c.into();
            }
            recovered_ack(&terminate(), 200, &r.to_string()).unwrap().map(ack).map(|a| (a.recovered, a.order.is_none()))
        };
        assert_eq!(record("UNAVAILABLE", Some("AC1")), Some((true, true)));
        assert_eq!(record("UNAVAILABLE", None), Some((true, true)));
        assert_eq!(record("UNAVAILABLE", Some("AC2")), None, "another authorization");
        assert_eq!(record("AVAILABLE", Some("AC1")), None);
        assert_eq!(record("FROZEN", Some("AC1")), None, "an unknown state settles nothing");
        assert!(!terminate().took_effect(&ServiceOrder::default()));
    }

    fn cancel() -> GuardedWrite {
        GuardedWrite::Cancel(input_from_json(r#"{"out_order_no":"SO1","sub_mchid":"1900000109","channel_id":"1900000100","reason":"r"}"#).unwrap())
    }

    fn order(state: &str, description: Option<&str>, total: Option<i64>, out_order_no: &str) -> String {
        let mut o = serde_json::json!({"out_order_no": out_order_no, "service_id": "500001", "state": state});
        if let Some(d) = description {
            o["state_description"] = d.into();
        }
        if let Some(t) = total {
            o["total_amount"] = t.into();
        }
        o.to_string()
    }

    #[test]
    fn the_query_names_the_same_order() {
        let q = recovery_request(&complete(None)).unwrap();
        assert_eq!(
            (q.method, q.path_and_query.as_str()),
            ("GET", "/v3/payscore/acquiringbank/serviceorder?service_id=500001&sub_mchid=1900000109&channel_id=1900000100&out_order_no=SO1")
        );
        let q = recovery_request(&terminate()).unwrap();
        assert_eq!(
            (q.method, q.path_and_query.as_str()),
            ("GET", "/v3/payscore/acquiringbank/permissions/authorization-code/AC1?service_id=500001&channel_id=1900000100&sub_mchid=1900000109")
        );
        assert!(recovery_request(&cancel()).is_none(), "cancel's service_id is optional, the query's is not");
        let GuardedWrite::Cancel(mut c) = cancel() else { unreachable!() };
        c.service_id = Some("500001".into());
        assert!(recovery_request(&GuardedWrite::Cancel(c)).is_some());
    }

    #[test]
    fn the_order_state_decides_each_write() {
        let settled = |w: &GuardedWrite, body: String| recovered_ack(w, 200, &body).unwrap().map(ack).map(|a| (a.recovered, a.order.is_some()));
        let table: [(GuardedWrite, String, bool); 11] = [
            (complete(Some(300)), order("DOING", Some("MCH_COMPLETE"), Some(300), "SO1"), true),
            (complete(Some(300)), order("DONE", None, Some(300), "SO1"), true),
            (complete(None), order("DOING", Some("MCH_COMPLETE"), Some(250), "SO1"), true),
            (complete(Some(300)), order("DOING", Some("MCH_COMPLETE"), Some(250), "SO1"), false),
            (complete(Some(300)), order("DOING", Some("USER_CONFIRM"), None, "SO1"), false),
            (complete(Some(300)), order("REVOKED", None, Some(300), "SO1"), false),
            (complete(Some(300)), order("DOING", Some("MCH_COMPLETE"), Some(300), "SO2"), false),
            (complete(Some(300)), order("PAUSED", None, Some(300), "SO1"), false),
            (cancel(), order("REVOKED", None, None, "SO1"), true),
            (cancel(), order("DOING", Some("USER_CONFIRM"), None, "SO1"), false),
            (cancel(), order("EXPIRED", None, None, "SO1"), false),
        ];
        for (write, body, want) in table {
            assert_eq!(settled(&write, body.clone()), want.then_some((true, true)), "{body}");
        }
    }

    #[test]
    fn a_failed_query_is_an_error_not_a_settlement() {
        let r = recovered_ack(&cancel(), 404, r#"{"code":"ORDER_NOT_EXIST","message":"订单不存在"}"#);
        assert!(matches!(r, Err(crate::Error::Api(_))), "{r:?}");
    }
}
