//! `cargo bench`: medians of the native core's hot paths (no external harness; std only).
use std::hint::black_box;
use std::time::Instant;

use wechatpay_edge::api::profitsharing::{create_order, CreateOrderInput};
use wechatpay_edge::crypto::{aead, oaep};
use wechatpay_edge::keys::{MerchantKey, PlatformKey, PlatformKeySet};
use wechatpay_edge::notify::{decode_decrypted, parse_notification};
use wechatpay_edge::sign::{response_message, sign_request};
use wechatpay_edge::split::Policy;
use wechatpay_edge::verify::verify_message;
use wechatpay_edge::verify::Verified;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_default()
}

fn median_us(mut f: impl FnMut(), batch: u32) -> f64 {
    for _ in 0..batch {
        f();
    }
    let mut samples: Vec<f64> = (0..15)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..batch {
                f();
            }
            t.elapsed().as_secs_f64() * 1e6 / f64::from(batch)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let merchant = MerchantKey::from_pem("1900000100", "3775B6A45ACD588826D15E583A95F5DD4B0A5A69", &fixture("merchant_key.pem")).unwrap();
    let signer = MerchantKey::from_pem("1", "AA", &fixture("platform_key.pem")).unwrap();
    let cert = PlatformKey::from_certificate_pem(&fixture("platform_cert.pem")).unwrap();
    let keys = PlatformKeySet::new(vec![cert.clone()], None).unwrap();
    let apiv3 = b"wechatpayEdgeTestApiV3Key0123456";
    let body = r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P1","receivers":[{"type":"MERCHANT_ID","receiver_account":"1900000110","amount":2000,"description":"x"}],"finish":false}"#;

    let create_order_input = r#"{"appid":"wx8888888888888888","sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20261123001","receivers":[{"type":"MERCHANT_ID","receiver_account":"1900000110","amount":2000,"description":"平台服务费"}],"finish":false,"wechatpay_serial":"5157F09EFDC096DE15EBE81A47057A7232F2E1F1"}"#;

    let plain = format!(
        r#"{{"sub_mchid":"1900000109","transaction_id":"4200000000000000000000000000","order_id":"1","out_order_no":"P1","receiver":{{"type":"MERCHANT_ID","account":"1900000110","amount":2000,"description":"{}"}},"success_time":"2026-11-23T10:00:00+08:00"}}"#,
        "平台服务费".repeat(20)
    );
    let ct = aead::seal(apiv3, "0123456789ab", "profitsharing", plain.as_bytes()).unwrap();
    let notification = format!(
        r#"{{"id":"EV-1","event_type":"PROFITSHARING.SUCCESS","summary":"分账","resource_type":"encrypt-resource","resource":{{"algorithm":"AEAD_AES_256_GCM","ciphertext":"{ct}","associated_data":"profitsharing","nonce":"0123456789ab"}}}}"#
    );
    let sig = signer.sign(&response_message("1800000000", "n", notification.as_bytes())).unwrap();
    let headers: Vec<(String, String)> =
        [("Wechatpay-Timestamp", "1800000000"), ("Wechatpay-Nonce", "n"), ("Wechatpay-Signature", sig.as_str()), ("Wechatpay-Serial", cert.serial())]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    let verified = Verified { serial: cert.serial().to_owned(), timestamp: 1_800_000_000, nonce: "n".into() };
    let sealed600 = aead::seal(apiv3, "0123456789ab", "profitsharing", &[b'x'; 600]).unwrap();

    // A profit-sharing bill of 1 000 rows in the fixture's shape (tests/fixtures/bill/), ~210 KB.
    let mut bill = String::from("create_time,initiator,sponsor,sub_mchid,transaction_id,order_id,out_order_no,detail_id,receiver_account,amount,currency,business_type,status,description\r\n");
    for i in 0..1000u32 {
        bill.push_str(&format!("`2026-12-01 10:00:01,`1900000100,`1900000101,`1900000101,`420000000020261201{i:010},`300845074020261201{i:010},`P{i},`3601{i:022},`1900000109,`{}.{:02},`CNY,`分账,`成功,`平台服务费\r\n", i / 100, i % 100));
    }
    bill.push_str("分账总笔数,分账总金额(元)\r\n`1000,`4995.00\r\n");

    println!("wechatpay-edge native core (release), median µs per operation\n");
    let rows: Vec<(&str, f64)> = vec![
        (
            "sign request (RSA-2048)",
            median_us(|| drop(black_box(sign_request(&merchant, "POST", "/v3/ecommerce/profitsharing/orders", body, 1_800_000_000, "n").unwrap())), 10),
        ),
        (
            "verify notification signature",
            median_us(|| drop(black_box(verify_message(&headers, notification.as_bytes(), &keys, 1_800_000_000, 300).unwrap())), 50),
        ),
        (
            "check signature headers (no RSA)",
            median_us(|| drop(black_box(wechatpay_edge::verify::check_headers(&headers, notification.len(), &keys, 1_800_000_000, 300).unwrap())), 2000),
        ),
        ("AES-256-GCM open 600 B", median_us(|| drop(black_box(aead::open(apiv3, "0123456789ab", "profitsharing", &sealed600).unwrap())), 500)),
        (
            "parse notification (verify + decrypt + type)",
            median_us(|| drop(black_box(parse_notification(&headers, notification.as_bytes(), &keys, apiv3, 1_800_000_000, 300).unwrap())), 50),
        ),
        (
            "decode notification (envelope + type + JSON)",
            median_us(|| drop(black_box(serde_json::to_string(&decode_decrypted(notification.as_bytes(), &plain, verified.clone()).unwrap()).unwrap())), 500),
        ),
        // What the wasm builder does between its JSON text in and its JSON text out.
        (
            "build createOrder (JSON in, validate, JSON out)",
            median_us(
                || {
                    drop(black_box(
                        serde_json::to_string(
                            &create_order(serde_json::from_str::<CreateOrderInput>(create_order_input).unwrap(), None, &Policy::default()).unwrap(),
                        )
                        .unwrap(),
                    ))
                },
                500,
            ),
        ),
        // What the wasm readBill does between the bytes in and its JSON text out.
        (
            "parse bill, 1 000 rows (CSV in, JSON out)",
            median_us(|| drop(black_box(serde_json::to_string(&wechatpay_edge::bill::parse_bill(bill.as_bytes()).unwrap()).unwrap())), 5),
        ),
        ("RSA-OAEP encrypt", median_us(|| drop(black_box(oaep::encrypt(cert.rsa().unwrap(), "张三", &[7; 32]).unwrap())), 50)),
        ("import merchant key (PKCS#8)", median_us(|| drop(black_box(MerchantKey::from_pem("1", "AA", &fixture("merchant_key.pem")).unwrap())), 10)),
        ("import platform certificate", median_us(|| drop(black_box(PlatformKey::from_certificate_pem(&fixture("platform_cert.pem")).unwrap())), 50)),
    ];
    for (name, us) in rows {
        println!("{name:<48} {us:>10.1}");
    }
}
