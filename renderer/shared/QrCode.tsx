import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * Draws a QR code of `text` in the browser as an SVG image, without network.
 * The SVG contains only the module paths, not the text itself.
 */
export function QrCode({ text, caption }: { text: string; caption: string }) {
  const [source, setSource] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    setFailed(false);
    QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      .then((svg) => {
        if (current)
          setSource(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        if (current) setFailed(true);
      });
    return () => {
      current = false;
    };
  }, [text]);

  return (
    <figure className="qr">
      {source === null ? (
        <div className="qr-image qr-placeholder">
          {failed ? '二维码生成失败' : '正在生成…'}
        </div>
      ) : (
        <img className="qr-image" src={source} alt="岗位信息二维码" />
      )}
      <figcaption className="qr-caption">{caption}</figcaption>
    </figure>
  );
}
