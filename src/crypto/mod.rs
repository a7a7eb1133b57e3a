//! Symmetric and asymmetric primitives WeChat Pay mandates.

pub mod aead;
pub mod encryptor;
pub mod entropy;
pub mod oaep;
pub mod rsa_public;
pub mod rsa_sig;
