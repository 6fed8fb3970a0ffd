// bmp-js ships no types; this is the part Kiln uses.
declare module 'bmp-js' {
  interface DecodedBmp {
    readonly width: number;
    readonly height: number;
    /** ABGR bytes, row by row from the top. */
    readonly data: Buffer;
  }
  const bmp: {
    decode(buffer: Buffer): DecodedBmp;
    encode(image: { data: Buffer; width: number; height: number }): { data: Buffer };
  };
  export default bmp;
}
