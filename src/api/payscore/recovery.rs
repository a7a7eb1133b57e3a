//! A state-guarded write whose answer was lost: did it take effect?
//!
//! Cancel and complete are safe to send again because the order's state guards them: a second
//! complete is refused, never charged twice. The price is that a retry after a lost answer (a
//! timeout, a dropped connection, a 5xx after the server acted) is refused with a state error
//! although the first attempt succeeded. A client then asks the order: [`recovery_query`] is
//! the query to send, [`recovered_ack`] reads its verified answer and says whether the order
//! is where this write leads. When it is not, the refusal stands.

use super::cancel::CancelServiceOrder;
use super::complete::CompleteServiceOrder;
use super::query_order::{query_service_order, QueryServiceOrder};
use super::response::{parse_query_response, Ack, OrderState, ServiceOrder, StateDescription};
use crate::api::RequestSpec;

/// A write that the order's state shows once it took effect.
#[derive(Debug, Clone, PartialEq)]
pub enum GuardedWrite {
    Cancel(CancelServiceOrder),
    Complete(Box<CompleteServiceOrder>),
}

impl GuardedWrite {
    /// The client operation names of the writes this module can settle.
    pub const OPERATIONS: [&'static str; 2] = ["cancelServiceOrder", "completeServiceOrder"];

    fn ids(&self) -> (Option<&str>, Option<&str>, Option<&str>, Option<&str>) {
        match self {
            GuardedWrite::Cancel(c) => (c.service_id.as_deref(), c.sub_mchid.as_deref(), c.channel_id.as_deref(), c.out_order_no.as_deref()),
            GuardedWrite::Complete(c) => (c.service_id.as_deref(), c.sub_mchid.as_deref(), c.channel_id.as_deref(), c.out_order_no.as_deref()),
        }
    }

    /// Whether `order` is where this write leads (checked on an order of the same number).
    pub fn took_effect(&self, order: &ServiceOrder) -> bool {
        if order.out_order_no.as_deref() != self.ids().3 {
            return false;
        }
        match self {
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

/// The query input that tells whether `write` took effect: the same order, by its `out_order_no`.
pub fn recovery_query(write: &GuardedWrite) -> QueryServiceOrder {
    let (service_id, sub_mchid, channel_id, out_order_no) = write.ids();
    QueryServiceOrder {
        service_id: service_id.map(str::to_owned),
        sub_mchid: sub_mchid.map(str::to_owned),
        channel_id: channel_id.map(str::to_owned),
        out_order_no: out_order_no.map(str::to_owned),
        query_id: None,
        extra: None,
    }
}

/// [`recovery_query`] as a request, or `None` when the write lacks what a query needs (a cancel
/// may leave out `service_id`, which the query requires): such a refusal cannot be settled.
pub fn recovery_request(write: &GuardedWrite) -> Option<RequestSpec> {
    query_service_order(&recovery_query(write)).ok()
}

/// The write's result read off the (verified) answer to [`recovery_query`]: an [`Ack`] with
/// `recovered` set and the order as queried when the order shows the write, else `None`. An
/// answer that is not a readable order is an error, as for any query.
pub fn recovered_ack(write: &GuardedWrite, query_status: u16, query_body: &str) -> crate::Result<Option<Ack>> {
    let order = parse_query_response(query_status, query_body)?;
    let settled = write.took_effect(&order);
    Ok(settled.then_some(Ack { status: query_status, order: Some(order), recovered: true }))
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
        let q = recovery_query(&complete(None));
        assert_eq!(
            (q.out_order_no.as_deref(), q.service_id.as_deref(), q.sub_mchid.as_deref(), q.channel_id.as_deref(), q.query_id.as_deref()),
            (Some("SO1"), Some("500001"), Some("1900000109"), Some("1900000100"), None)
        );
        assert!(recovery_request(&complete(None)).is_some_and(|r| r.method == "GET" && r.path_and_query.contains("out_order_no=SO1")));
        assert!(recovery_request(&cancel()).is_none(), "cancel's service_id is optional, the query's is not");
        let GuardedWrite::Cancel(mut c) = cancel() else { unreachable!() };
        c.service_id = Some("500001".into());
        assert!(recovery_request(&GuardedWrite::Cancel(c)).is_some());
    }

    #[test]
    fn the_order_state_decides_each_write() {
        let settled = |w: &GuardedWrite, body: String| recovered_ack(w, 200, &body).unwrap().map(|a| (a.recovered, a.order.is_some()));
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
