"""wechatpayv3 (PyPI) as an interop peer, driven by tests/interop/python.test.mjs.

Reads a JSON list of tasks on stdin, writes a JSON list of results on stdout. Every task
uses wechatpayv3's own helpers (wechatpayv3.utils and wechatpayv3.core.Core); where the SDK has
no helper (AES-GCM encryption: it only decrypts), the `cryptography` primitive it uses itself.
Never touches the network: Core is built in public-key mode or from a certificate directory.
"""
import json
import os
import sys
import tempfile
from base64 import b64encode
from unittest import mock

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import wechatpayv3
from wechatpayv3 import utils
from wechatpayv3.core import Core


def build_authorization(t):
    # build_authorization reads the clock itself (time.time()): pin it to the test's timestamp.
    key = utils.load_private_key(t["privateKey"])
    data = t.get("data") if "data" in t else t.get("body")
    with mock.patch.object(utils.time, "time", return_value=float(t["timestamp"])):
        header = utils.build_authorization(t["path"], t["method"], t["mchid"], t["serial"], key, data=data, nonce_str=t["nonce"])
    return {"authorization": header}


def default_nonce(_t):
    with mock.patch.object(utils.time, "time", return_value=1.0):
        header = utils.build_authorization("/v3/x", "GET", "1", "AA", utils.load_private_key(_t["privateKey"]))
    return {"nonce": header.split('nonce_str="')[1].split('"')[0]}


def make_notification(t):
    """A notification signed and encrypted with wechatpayv3's primitives."""
    nonce = t["resourceNonce"]
    aad = t.get("associatedData", "")
    ct = AESGCM(t["apiV3Key"].encode()).encrypt(nonce.encode(), t["plaintext"].encode(), aad.encode())
    envelope = {
        "id": t["id"],
        "create_time": "2026-11-23T10:00:00+08:00",
        "resource_type": "encrypt-resource",
        "event_type": t["eventType"],
        "summary": t.get("summary", "分账"),
        "resource": {"original_type": "profitsharing", "algorithm": "AEAD_AES_256_GCM", "ciphertext": b64encode(ct).decode(), "associated_data": aad, "nonce": nonce},
    }
    # Python's default json.dumps: ", " / ": " separators and \\u escapes; the signature covers
    # exactly these bytes, which is all a verifier may rely on.
    body = json.dumps(envelope)
    key = utils.load_private_key(t["privateKey"])
    sign_str = "%s\n%s\n%s\n" % (t["timestamp"], t["nonce"], body)
    headers = {
        "Wechatpay-Timestamp": str(t["timestamp"]),
        "Wechatpay-Nonce": t["nonce"],
        "Wechatpay-Signature": utils.rsa_sign(key, sign_str),
        "Wechatpay-Serial": t["serial"],
        "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
    }
    return {"headers": headers, "body": body}


def _core(t):
    key = t["merchantPrivateKey"]
    if t.get("publicKeyId"):
        return Core(t["mchid"], t["merchantSerial"], key, t["apiV3Key"], public_key=t["publicKey"], public_key_id=t["publicKeyId"])
    d = tempfile.mkdtemp()
    with open(os.path.join(d, "wechatpay_cert.pem"), "w") as f:
        f.write(t["platformCertificate"])
    # Core loads valid certificates from cert_dir and only downloads when it finds none.
    with mock.patch.object(Core, "_update_certificates", side_effect=AssertionError("network")):
        return Core(t["mchid"], t["merchantSerial"], key, t["apiV3Key"], cert_dir=d)


def callback(t):
    """Core.callback: verify the signature, then decrypt; None when either fails."""
    core = _core(t)
    with mock.patch.object(Core, "_update_certificates", return_value=None):
        result = core.callback(t["headers"], t["body"])
    return {"result": result}


def primitives_verify(t):
    pub = utils.load_certificate(t["platformCertificate"]).public_key()
    h = t["headers"]
    ok = utils.rsa_verify(h["Wechatpay-Timestamp"], h["Wechatpay-Nonce"], t["body"], h["Wechatpay-Signature"], pub)
    r = json.loads(t["body"])["resource"]
    plain = utils.aes_decrypt(r["nonce"], r["ciphertext"], r.get("associated_data") or "", t["apiV3Key"])
    return {"verified": ok, "plaintext": plain}


def rsa_encrypt(t):
    pub = utils.load_certificate(t["certificate"]).public_key() if t.get("certificate") else utils.load_public_key(t["publicKey"])
    return {"ciphertext": utils.rsa_encrypt(t["text"], pub)}


def rsa_decrypt(t):
    return {"text": utils.rsa_decrypt(t["ciphertext"], utils.load_private_key(t["privateKey"]))}


def serial_of(t):
    return {"serial": hex(utils.load_certificate(t["certificate"]).serial_number)[2:].upper()}


TASKS = {
    "buildAuthorization": build_authorization,
    "defaultNonce": default_nonce,
    "makeNotification": make_notification,
    "callback": callback,
    "primitivesVerify": primitives_verify,
    "rsaEncrypt": rsa_encrypt,
    "rsaDecrypt": rsa_decrypt,
    "serialOf": serial_of,
}


def main():
    tasks = json.load(sys.stdin)
    out = []
    for t in tasks:
        try:
            out.append(TASKS[t["task"]](t))
        except Exception as e:  # reported to the JS side, which decides
            out.append({"error": "%s: %s" % (type(e).__name__, e)})
    json.dump({"version": wechatpayv3.__version__, "results": out}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
