// The card photo is 1024 bytes of wavelet-compressed WLT that decodes to a
// 102x126 24-bit BMP (38,862 bytes). Only licensed vendor libraries decode it
// (WltRS.dll GetBmp, termb.dll, JNI Huaxu_Wlt2Bmp), so the driver keeps the
// raw bytes and decodes through an adapter that a station with a licence
// can install.

/** Adapter to a licensed WLT decoder. */
export interface PhotoDecoder {
  /** Decoder name for logs, e.g. the vendor library. */
  readonly name: string;
  /** Decodes 1024 WLT bytes to BMP bytes; resolves null when it cannot. */
  decode(wlt: Buffer): Promise<Buffer | null>;
}

/** Default decoder: no licensed decoder is installed, so there is never a picture. */
export const noPhotoDecoder: PhotoDecoder = {
  name: 'none (no licensed decoder installed)',
  decode: () => Promise.resolve(null),
};
