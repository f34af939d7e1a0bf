import QRCode from "qrcode";

/** A QR code as a PNG data URL (the CSP allows data: images), for authenticator apps. */
export function qrCodeDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: "M", margin: 2, width: 220 });
}
