// Runs inside real workerd: reads the fixture bill (gzip, DecompressionStream) and checks its
// SHA-1 (crypto.subtle) the way a Worker would after downloading it; answers the typed rows or
// the typed error.
import * as wx from 'wechatpay-edge';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const bytes = new Uint8Array(await request.arrayBuffer());
    try {
      if (url.pathname === '/reconcile') {
        const [bill, planned] = JSON.parse(new TextDecoder().decode(bytes));
        return Response.json({ runtime: wx.runtime, rec: await wx.profitSharing.reconcileBill(bill, planned) });
      }
      const hashValue = url.searchParams.get('hash') ?? undefined;
      const bill = await wx.profitSharing.readBill(bytes, hashValue ? { hashType: 'SHA1', hashValue } : undefined);
      return Response.json({ runtime: wx.runtime, bill });
    } catch (e) {
      return Response.json({ runtime: wx.runtime, code: e.code, message: e.message, details: e.details, isWxPayError: e instanceof wx.WxPayError }, { status: 400 });
    }
  },
};
