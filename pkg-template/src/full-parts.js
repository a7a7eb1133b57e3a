// What the main entries hand to createApi and the lite entries leave out of their import graph:
// the bill helpers (profitSharing.readBill, downloadBill, reconcileBill) and the HTTP client.
export { createBillHelpers } from './bill.js';
export { makeCreateClient } from './client/index.js';
