// Loaded with `node --import` into a Hooktray process a test wants to start "later" without waiting:
// moves this process's clock HOOKTRAY_TEST_CLOCK_OFFSET_MS ahead (Date.now and new Date()).
const offset = Number(process.env.HOOKTRAY_TEST_CLOCK_OFFSET_MS ?? 0);
if (offset) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
