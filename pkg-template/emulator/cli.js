// `wechatpay-edge emulate …`: the emulator from the command line.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { startEmulator, DEFAULTS, SIGNING_MODES } from './index.js';

const USAGE = `Usage: wechatpay-edge emulate [options]

A local WeChat Pay (api.mch.weixin.qq.com) for platform profit sharing and acquiring-bank
Payscore. Verifies your Authorization, signs every response, delivers signed and encrypted
notifications with WeChat's retry schedule. Test keys are the package's (wechatpay-edge/testing).
At start it prints the base URL and a copy-paste key set for its keys and signing mode.

Options:
  --port N                  port to listen on (default ${DEFAULTS.port}; 0 = any free port)
  --backup-port N           also serve the API on port N (0: any free port): the backup host
                            api2.mch.weixin.qq.com, for a client's failover (POST /_emulator/outage)
  --host H                  address to bind (default ${DEFAULTS.host}; loopback only unless --allow-remote)
  --allow-remote            allow a non-loopback --host and notify URLs off this machine
  --time-scale F            multiply every delay (retries, processing) by F, e.g. 0.01 (default 1)
  --processing-delay S      seconds a split / return stays PROCESSING (default ${DEFAULTS.processingDelaySec}, scaled)
  --signing MODE            which key WeChat Pay signs answers and notifications with (default ${DEFAULTS.signing}):
                              public-key   the WeChat Pay public key PUB_KEY_ID_… (every merchant since 2024);
                                           a key set holding only that public key verifies everything
                              certificate  the platform certificate (merchants not yet on the public key)
                              both         the migration: answers are signed with the key the request names in
                                           Wechatpay-Serial (alternately without one), notifications alternate
                                           (1st public key, 2nd certificate, …); the key set must hold both
                            /v3/certificates answers in every mode.
  --state FILE              keep state in this SQLite file (node:sqlite on Node >= 22.5, else the
                            sql.js package: npm install sql.js@1.16.0); every change is appended to
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
  --public-key-id ID        the WeChat Pay public key's id, PUB_KEY_ID_… (default: the test key's)
  --public-key-private-key PEM|FILE
                            its private key
  --apiv3-key KEY           32-byte APIv3 key for notifications and /v3/certificates (default: test key)
  --notify-serial certificate|public-key
                            pin the key that signs notifications (default: per --signing)
  --max-ratio-bp N          cumulative split cap in basis points of the splittable amount (default ${DEFAULTS.policy.maxRatioBp})
  --max-receivers N         receivers per split request (default ${DEFAULTS.policy.maxReceiversPerRequest})
  --max-splits N            split requests per order (default ${DEFAULTS.policy.maxSplitsPerOrder})
  --payscore-risk-limit FEN service risk limit of the emulated service_id (default ${DEFAULTS.payscoreRiskLimit})
  --rewrite-notify FROM=TO  deliver notify URLs starting with FROM to TO instead (repeatable; the first
                            matching rule wins). notify_url must be https (WeChat Pay refuses http), so a
                            local webhook cannot be put in it: send the https URL your server will have
                            and rewrite it to the local one, e.g.
                              --rewrite-notify https://shop.example.com/=http://127.0.0.1:3000/
                            (an https URL on loopback is delivered over plain http without a rewrite).
                            Also POST /_emulator/notify-rewrites { from, to } at run time.
  --quiet                   no request log
  -h, --help                this text

Control routes (unsigned, JSON; GET /_emulator lists each with its body and a curl example):
  GET  /_emulator                                  settings, keys, signing mode, control routes
  POST /_emulator/transactions                     { sub_mchid, amount, fee? | feeRatePpm?, transaction_id?, profit_sharing? }
  GET  /_emulator/transactions[/{transaction_id}]  ledgers
  GET  /_emulator/receivers                        receivers and receiver notify URLs
  POST /_emulator/receivers/{mchid}/notify-url     { url, apiV3Key? }: where 分账动账通知 to mchid go
  GET  /_emulator/deliveries[?state=&event_type=&mchid=]   the delivery log
  GET|POST|DELETE /_emulator/faults                list / queue / drop faults:
       { duplicate?: 0..20, probe?, stale?, error?: { status, code, message? },
         drop?, delayMs?: 1..120000, phase?: before|after, path?: '/v3/…',
         target?: notification|response, count?: 1..1000 }
       Faults are consumed one per notification, in the order queued: each new notification
       takes the oldest queued notification fault (count N: the next N notifications), applied
       to its first delivery (probe/stale copies first, then the genuine one + duplicate copies).
       Response faults (error, drop, delayMs imply target response) go to the next answers (of
       path), in order: 429 bursts and 500/503 (error + count), reset connections (drop), answers
       slower than a client's timeout (delayMs); phase after: the operation ran, its answer is lost.
  POST /_emulator/outage                           { main?, backup? }: a host's /v3/ connections are reset
  POST /_emulator/certificates/rotate              a new platform certificate signs; both are served
  POST /_emulator/certificates/expire-retired      the old certificate is no longer served
  GET  /_emulator/requests[?path=&host=]           the /v3/ requests received (main or backup host)
  GET  /_emulator/payscore                         Payscore orders
  POST /_emulator/payscore/{out_order_no}/confirm|pay|expire   the user's side: { openid? } | { amount?, transaction_id? } | -
  POST /_emulator/notifications                    deliver a notification of any event type:
       { event_type, payload, summary?, original_type?, associated_data?, url | receiver_mchid }
  POST /_emulator/notify-rewrites                  { from, to }, like --rewrite-notify
  POST /_emulator/reset                            forget everything
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
      'backup-port': { type: 'string' },
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
      signing: { type: 'string' },
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
  const signing = values.signing;
  if (signing !== undefined && !SIGNING_MODES.includes(signing)) throw usageError(`--signing is ${SIGNING_MODES.join(', ')}`);
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
    ...(values['backup-port'] !== undefined ? { backup: true, backupPort: num('backup-port', values['backup-port'], { integer: true, min: 0 }) } : {}),
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
    signing,
    notifySerial,
    policy,
    payscoreRiskLimit: num('payscore-risk-limit', values['payscore-risk-limit'], { integer: true, min: 1 }),
    notifyRewrites: rewrites,
    quiet: !!values.quiet,
  };
}

const SIGNING_LINE = {
  'public-key': (k) => `public-key: WeChat Pay public key ${k.publicKeyId}`,
  certificate: (k) => `certificate: platform certificate ${k.platformSerial}`,
  both: (k) => `both (migration): public key ${k.publicKeyId} and platform certificate ${k.platformSerial}`,
};

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
    return err.code === 'ERR_EMULATOR_REMOTE' || err.code === 'ERR_EMULATOR_OPTION' || err.code === 'ERR_EMULATOR_NO_SQLITE' ? 2 : 1;
  }
  const k = emulator.keys;
  stdout.write(
    [
      `WeChat Pay emulator listening on ${emulator.url}`,
      `  baseUrl for prepare():   ${emulator.url}`,
      ...(emulator.backupUrl ? [`  backup host:             ${emulator.backupUrl} (createClient backupBaseUrl)`] : []),
      `  merchant (verified):     mchid ${k.mchid ?? 'any'}, serial_no ${k.merchantSerialNo ?? 'any'}`,
      `  signing:                 ${SIGNING_LINE[emulator.signing](k)} (--signing ${SIGNING_MODES.join('|')})`,
      `  notifications signed by: ${k.notifySerials.join(' and ')}${k.notifySerials.length > 1 ? ', alternately' : ''}; time scale ${emulator.timeScale}`,
      `  state:                   ${emulator.statePath ? `${emulator.statePath} (${emulator.stateBackend})` : 'in memory'}`,
      `  control:                 GET ${emulator.url}/_emulator`,
      '',
      emulator.snippet(),
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
