// CommonJS consumer with require(): only where Node can require() an ES module
// (unflagged in Node 22.12+, backported to 20.19+; the caller checks process.features.require_module).
'use strict';
const wx = require('wechatpay-edge');
const testing = require('wechatpay-edge/testing');
require('./shared.cjs').run(wx, testing, 'CommonJS require() of ESM');
