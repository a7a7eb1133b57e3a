// Type definitions for wechatpay-edge/testing: helpers for your own tests (never for production).
import type { ApiV3Key, EncryptedResource, RawBody } from '../index.js';

/** The package's public test keys. Anything signed with them proves nothing outside tests. */
export interface TestKeys {
  readonly mchid: string;
  readonly merchantSerialNo: string;
  /** PKCS#8 PEM. */
  readonly merchantPrivateKey: string;
  readonly merchantCertificate: string;
  readonly platformSerial: string;
  readonly platformCertificate: string;
  /** Signs as the emulated WeChat Pay platform certificate. */
  readonly platformPrivateKey: string;
  /** A second platform certificate (and its key): what the emulator rotates to. */
  readonly platform2Serial: string;
  readonly platform2Certificate: string;
  readonly platform2PrivateKey: string;
  /** `PUB_KEY_ID_…`. */
  readonly publicKeyId: string;
  readonly publicKey: string;
  /** Signs as the emulated WeChat Pay public key. */
  readonly publicKeyPrivateKey: string;
  /** 32 characters. */
  readonly apiV3Key: string;
}

export declare const testKeys: TestKeys;

export interface EncryptResourceInput {
  apiV3Key: ApiV3Key;
  /** A string, or any JSON value (serialised with JSON.stringify). */
  plaintext: unknown;
  associatedData?: string;
  /** 12 characters; random by default. */
  nonce?: string;
}

export type SealedResource = EncryptedResource & {
  algorithm: 'AEAD_AES_256_GCM';
  associated_data: string;
};

/** Encrypts a resource like WeChat Pay does (AEAD_AES_256_GCM with the APIv3 key). */
export declare function encryptResource(input: EncryptResourceInput): SealedResource;

/** The headers WeChat Pay sends with a signed response or notification. */
export type WechatpaySignatureHeaders = {
  'Wechatpay-Timestamp': string;
  'Wechatpay-Nonce': string;
  'Wechatpay-Signature': string;
  'Wechatpay-Serial': string;
  'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048';
  'Request-ID': string;
};

export interface SignResponseInput {
  body?: RawBody;
  /** A test platform private key PEM (e.g. `testKeys.platformPrivateKey`). */
  privateKey: string;
  /** The serial to announce (e.g. `testKeys.platformSerial` or `testKeys.publicKeyId`). */
  serial: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  nonce?: string;
}

/** Headers WeChat Pay would send with `body`, signed by a test platform key. */
export declare function signResponse(input: SignResponseInput): WechatpaySignatureHeaders;

export interface SignNotificationInput {
  /** The plaintext resource (object or JSON text). */
  payload: unknown;
  /** e.g. `PROFITSHARING.SUCCESS`, `PAYSCORE.USER_PAID`. */
  eventType: string;
  summary?: string;
  apiV3Key: ApiV3Key;
  privateKey: string;
  serial: string;
  id?: string;
  /** Default `2026-11-23T10:00:00+08:00`. */
  createTime?: string;
  /** `resource.original_type`; default `profitsharing`. */
  originalType?: string;
  associatedData?: string;
  timestamp?: number;
  nonce?: string;
}

/** A complete signed and encrypted notification, ready for `parseNotification`. */
export declare function signNotification(input: SignNotificationInput): { headers: WechatpaySignatureHeaders; body: string };
