// `wechatpay-edge emulate …`: the emulator from the command line.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { startEmulator, DEFAULTS } from './index.js';

const USAGE = `Usage: wechatpay-edge emulate [options]

A local WeChat Pay (api.mch.weixin.qq.com) for platform profit sharing and acquiring-bank
Payscore. Verifies your Authorization, signs every response, delivers signed and encrypted
notifications with WeChat's retry schedule. Test keys are the package's (wechatpay-edge/testing).

Options:
  --port N                  port to listen on (default ${DEFAULTS.port}; 0 = any free port)
  --host H                  address to bind (default ${DEFAULTS.host}; loopback only unless --allow-remote)
  --allow-remote            allow a non-loopback --host and notify URLs off this machine
  --time-scale F            multiply every delay (retries, processing) by F, e.g. 0.01 (default 1)
  --processing-delay S      seconds a split / return stays PROCESSING (default ${DEFAULTS.processingDelaySec}, scaled)
  --state FILE              keep state in this SQLite file (sql.js); every change is appended to
                            FILE.jsonl before it is answered and folded into FILE on start, on exit
                            (SIGINT/SIGTERM), after 1 s idle and when the journal outgrows FILE
                            (atomic rename). kill -9 loses nothing answered. One emulator per FILE.
  --merchant-cert PEM|FILE  merchant API certificate that verifies callers (default: test merchant)
  --merchant-public-key PEM|FILE
                            or just the merchant public key (any serial_no accepted unless --merchant-serial)
  --merchant-serial SERIAL  expected serial_no with --merchant-public-key
  --mchid ID                expected mchid in Authorization (default: the test merchant's with the test keys)
  --platform-cert PEM|FILE  platform certificate (default: test platform certificate)
  --platform-key PEM|FILE   its private key
  --public-key-id ID        the PUB_KEY_ID_… that signs when a request sends Wechatpay-Serial: PUB_KEY_ID_…
  --public-key-private-key PEM|FILE
                            its private key
  --apiv3-key KEY           32-byte APIv3 key for notifications and /v3/certificates (default: test key)
  --notify-serial certificate|public-key
                            key that signs notifications (default certificate)
  --max-ratio-bp N          cumulative split cap in basis points of the splittable amount (default ${DEFAULTS.policy.maxRatioBp})
  --max-receivers N         receivers per split request (default ${DEFAULTS.policy.maxReceiversPerRequest})
  --max-splits N            split requests per order (default ${DEFAULTS.policy.maxSplitsPerOrder})
  --payscore-risk-limit FEN service risk limit of the emulated service_id (default ${DEFAULTS.payscoreRiskLimit})
  --rewrite-notify FROM=TO  deliver notify URLs starting with FROM to TO instead (repeatable)
  --quiet                   no request log
  -h, --help                this text

Control routes (unsigned, JSON): GET /_emulator, POST /_emulator/transactions,
POST /_emulator/receivers/{mchid}/notify-url, GET /_emulator/deliveries, POST /_emulator/faults,
POST /_emulator/payscore/{out_order_no}/confirm|pay|expire, POST /_emulator/reset,
POST /_emulator/notifications (deliver a notification of any event type:
  { event_type, payload, summary?, original_type?, associated_data?, url | receiver_mchid }).
`;

const pemOrFile = (v) => (v === undefined ? undefined : v.includes('-----BEGIN') ? v : readFileSync(v, 'utf8'));

function num(name, v, { integer = false, min = -Infinity } = {}) {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) throw usageError(`--${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}`);
  return n;
}

function usageError(message) {
  const e = new Error(message);
  e.code = 'ERR_USAGE';
  return e;
}

export function parseEmulateArgs(argv) {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      'time-scale': { type: 'string' },
      'processing-delay': { type: 'string' },
      state: { type: 'string' },
      'merchant-cert': { type: 'string' },
      'merchant-public-key': { type: 'string' },
      'merchant-serial': { type: 'string' },
      mchid: { type: 'string' },
      'platform-cert': { type: 'string' },
      'platform-key': { type: 'string' },
      'public-key-id': { type: 'string' },
      'public-key-private-key': { type: 'string' },
      'apiv3-key': { type: 'string' },
      'notify-serial': { type: 'string' },
      'max-ratio-bp': { type: 'string' },
      'max-receivers': { type: 'string' },
      'max-splits': { type: 'string' },
      'payscore-risk-limit': { type: 'string' },
      'rewrite-notify': { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const notifySerial = values['notify-serial'];
  if (notifySerial !== undefined && notifySerial !== 'certificate' && notifySerial !== 'public-key') throw usageError('--notify-serial is certificate or public-key');
  const policy = {};
  const p = (k, flag) => {
    const n = num(flag, values[flag], { integer: true, min: 0 });
    if (n !== undefined) policy[k] = n;
  };
  p('maxRatioBp', 'max-ratio-bp');
  p('maxReceiversPerRequest', 'max-receivers');
  p('maxSplitsPerOrder', 'max-splits');
  const rewrites = (values['rewrite-notify'] ?? []).map((r) => {
    const i = r.indexOf('=');
    if (i <= 0) throw usageError('--rewrite-notify is FROM=TO');
    return { from: r.slice(0, i), to: r.slice(i + 1) };
  });
  const timeScale = num('time-scale', values['time-scale'], { min: 0 });
  if (timeScale === 0) throw usageError('--time-scale must be > 0');
  return {
    port: num('port', values.port, { integer: true, min: 0 }) ?? DEFAULTS.port,
    host: values.host ?? DEFAULTS.host,
    allowRemote: !!values['allow-remote'],
    timeScale,
    processingDelaySec: num('processing-delay', values['processing-delay'], { min: 0 }),
    statePath: values.state,
    merchantCertificate: pemOrFile(values['merchant-cert']),
    merchantPublicKey: pemOrFile(values['merchant-public-key']),
    merchantSerialNo: values['merchant-serial'],
    mchid: values.mchid,
    platformCertificate: pemOrFile(values['platform-cert']),
    platformPrivateKey: pemOrFile(values['platform-key']),
    publicKeyId: values['public-key-id'],
    publicKeyPrivateKey: pemOrFile(values['public-key-private-key']),
    apiV3Key: values['apiv3-key'],
    notifySerial,
    policy,
    payscoreRiskLimit: num('payscore-risk-limit', values['payscore-risk-limit'], { integer: true, min: 1 }),
    notifyRewrites: rewrites,
    quiet: !!values.quiet,
  };
}

/** Runs the CLI; resolves to an exit code for one-shot commands, or once the emulator listens. */
export async function main(argv, { stdout = process.stdout, stderr = process.stderr } = {}) {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    stdout.write(`Usage: wechatpay-edge emulate [options]   (wechatpay-edge emulate --help)\n`);
    return command ? 0 : 2;
  }
  if (command !== 'emulate') {
    stderr.write(`wechatpay-edge: unknown command ${JSON.stringify(command)}; try: wechatpay-edge emulate --help\n`);
    return 2;
  }
  let opts;
  try {
    opts = parseEmulateArgs(rest);
  } catch (err) {
    stderr.write(`wechatpay-edge emulate: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    stdout.write(USAGE);
    return 0;
  }
  const stamp = () => new Date().toISOString().slice(11, 23);
  let emulator;
  try {
    emulator = await startEmulator({ ...opts, log: opts.quiet ? undefined : (line) => stderr.write(`${stamp()} ${line}\n`) });
  } catch (err) {
    stderr.write(`wechatpay-edge emulate: ${err.message}\n`);
    return err.code === 'ERR_EMULATOR_REMOTE' || err.code === 'ERR_EMULATOR_OPTION' ? 2 : 1;
  }
  const k = emulator.keys;
  stdout.write(
    [
      `WeChat Pay emulator listening on ${emulator.url}`,
      `  baseUrl for prepare():   ${emulator.url}`,
      `  merchant (verified):     mchid ${k.mchid ?? 'any'}, serial_no ${k.merchantSerialNo ?? 'any'}`,
      `  platform certificate:    ${k.platformSerial}`,
      `  WeChat Pay public key:   ${k.publicKeyId} (answers requests that send Wechatpay-Serial: PUB_KEY_ID_…)`,
      `  notifications signed by: ${k.notifySerial}; time scale ${emulator.timeScale}`,
      `  state:                   ${emulator.statePath ?? 'in memory'}`,
      `  control:                 GET ${emulator.url}/_emulator`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    stderr.write('stopping…\n');
    emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}
