//! Key handles that live inside wasm memory; JS holds them by reference.

use wasm_bindgen::prelude::*;

use super::convert::{core, seconds, to_js};
#[cfg(feature = "full")]
use crate::keys::load_certificates;
use crate::keys::{MerchantKey, PlatformKey, PlatformKeyKind, PlatformKeySet};

#[wasm_bindgen]
pub struct WasmMerchantKey {
    pub(crate) inner: MerchantKey,
}

#[wasm_bindgen]
impl WasmMerchantKey {
    #[wasm_bindgen(constructor)]
    pub fn new(mchid: &str, serial_no: &str, pem: &str) -> Result<WasmMerchantKey, JsValue> {
        core(MerchantKey::from_pem(mchid, serial_no, pem)).map(|inner| WasmMerchantKey { inner })
    }

    pub fn mchid(&self) -> String {
        self.inner.mchid().to_owned()
    }

    #[wasm_bindgen(js_name = serialNo)]
    pub fn serial_no(&self) -> String {
        self.inner.serial_no().to_owned()
    }

    #[cfg(feature = "full")]
    pub fn sign(&self, message: &[u8]) -> Result<String, JsValue> {
        core(self.inner.sign(message))
    }

    /// PKCS#8 DER for WebCrypto import.
    #[wasm_bindgen(js_name = pkcs8Der)]
    pub fn pkcs8_der(&self) -> Result<Vec<u8>, JsValue> {
        core(self.inner.to_pkcs8_der()).map(|d| d.to_vec())
    }

    /// PKCS#1 DER for node:crypto import (the caller wipes its copy once imported).
    #[wasm_bindgen(js_name = pkcs1Der)]
    pub fn pkcs1_der(&self) -> Result<Vec<u8>, JsValue> {
        core(self.inner.to_pkcs1_der()).map(|d| d.to_vec())
    }

    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = decryptSensitive)]
    pub fn decrypt_sensitive(&self, ciphertext: &str) -> Result<String, JsValue> {
        core(self.inner.decrypt_sensitive(ciphertext)).map(|s| s.to_string())
    }
}

#[wasm_bindgen]
#[derive(Clone)]
pub struct WasmPlatformKey {
    pub(crate) inner: PlatformKey,
}

#[wasm_bindgen]
impl WasmPlatformKey {
    #[wasm_bindgen(js_name = fromPublicKey)]
    pub fn from_public_key(id: &str, pem: &str) -> Result<WasmPlatformKey, JsValue> {
        core(PlatformKey::from_public_key_pem(id, pem)).map(|inner| WasmPlatformKey { inner })
    }

    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = fromCertificate)]
    pub fn from_certificate(pem: &str) -> Result<WasmPlatformKey, JsValue> {
        core(PlatformKey::from_certificate_pem(pem)).map(|inner| WasmPlatformKey { inner })
    }

    pub fn serial(&self) -> String {
        self.inner.serial().to_owned()
    }

    /// A second handle; functions that take a key by value consume the handle they get.
    #[wasm_bindgen(js_name = clone)]
    pub fn clone_handle(&self) -> WasmPlatformKey {
        self.clone()
    }

    /// `{ kind: "certificate", notBefore, notAfter }` or `{ kind: "publicKey" }`.
    pub fn info(&self) -> Result<JsValue, JsValue> {
        let v = match self.inner.kind() {
            PlatformKeyKind::Certificate { not_before, not_after } => {
                serde_json::json!({ "kind": "certificate", "serial": self.inner.serial(), "notBefore": not_before, "notAfter": not_after })
            }
            PlatformKeyKind::PublicKey => serde_json::json!({ "kind": "publicKey", "serial": self.inner.serial() }),
        };
        to_js(&v)
    }

    /// [`PlatformKey::expired_at`] at `now` (whole Unix seconds).
    #[wasm_bindgen(js_name = expiredAt)]
    pub fn expired_at(&self, now: f64) -> Result<bool, JsValue> {
        Ok(self.inner.expired_at(seconds(now, "now")?))
    }

    #[wasm_bindgen(js_name = spkiDer)]
    pub fn spki_der(&self) -> Result<Vec<u8>, JsValue> {
        core(self.inner.to_spki_der())
    }

    /// PKCS#1 DER for node:crypto import.
    #[wasm_bindgen(js_name = pkcs1Der)]
    pub fn pkcs1_der(&self) -> Result<Vec<u8>, JsValue> {
        core(self.inner.to_pkcs1_der())
    }
}

#[cfg(feature = "full")]
#[wasm_bindgen(js_name = wasmLoadCertificates)]
pub fn wasm_load_certificates(body: &str, apiv3_key: &[u8]) -> Result<Vec<WasmPlatformKey>, JsValue> {
    core(load_certificates(body, apiv3_key)).map(|keys| keys.into_iter().map(|inner| WasmPlatformKey { inner }).collect())
}

#[wasm_bindgen]
pub struct WasmKeySet {
    pub(crate) inner: PlatformKeySet,
}

#[wasm_bindgen]
impl WasmKeySet {
    #[wasm_bindgen(constructor)]
    pub fn new(merchant_serial_no: Option<String>) -> Result<WasmKeySet, JsValue> {
        core(PlatformKeySet::new(Vec::new(), merchant_serial_no.as_deref())).map(|inner| WasmKeySet { inner })
    }

    pub fn add(&mut self, key: &WasmPlatformKey) -> Result<(), JsValue> {
        core(self.inner.insert(key.inner.clone()))
    }

    pub fn serials(&self) -> Vec<String> {
        self.inner.keys().iter().map(|k| k.serial().to_owned()).collect()
    }

    /// SPKI DER of the set's own copy of key `serial`: what WebCrypto verifies with once the
    /// key's owner freed it (the lite module has no RSA of its own to fall back on).
    #[wasm_bindgen(js_name = spkiDer)]
    pub fn spki_der(&self, serial: &str) -> Result<Vec<u8>, JsValue> {
        core(core(self.inner.get(serial))?.to_spki_der())
    }

    /// Serial of the key sensitive fields should be encrypted with.
    #[wasm_bindgen(js_name = encryptionSerial)]
    pub fn encryption_serial(&self) -> Option<String> {
        self.inner.encryption_key().map(|k| k.serial().to_owned())
    }
}
