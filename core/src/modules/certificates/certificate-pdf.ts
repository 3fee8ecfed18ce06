import { PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';
import type { Certificate } from './certificate.entity.ts';

/** Characters the standard (WinAnsi) fonts cannot draw become "?" rather than failing the whole PDF. */
function drawable(font: PDFFont, text: string): string {
  return [...text]
    .map((char) => {
      try {
        font.encodeText(char);
        return char;
      } catch {
        return '?';
      }
    })
    .join('');
}

/** A one-page A4 landscape certificate drawn with pdf-lib (no browser), naming where to verify it. */
export async function certificatePdf(certificate: Certificate, verificationUrl: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Certificate: ${certificate.courseTitle}`);
  pdf.setAuthor(certificate.organisationName);
  pdf.setCreationDate(certificate.issuedAt);
  const page = pdf.addPage([841.89, 595.28]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const { width, height } = page.getSize();
  const centred = (text: string, y: number, font: PDFFont, size: number) => {
    const safe = drawable(font, text);
    // Long titles shrink to fit the page rather than run off it.
    const fitted = Math.min(size, ((width - 120) / Math.max(font.widthOfTextAtSize(safe, size), 1)) * size);
    page.drawText(safe, { x: (width - font.widthOfTextAtSize(safe, fitted)) / 2, y, size: fitted, font, color: rgb(0.1, 0.1, 0.15) });
  };
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: rgb(0.11, 0.3, 0.85), borderWidth: 3 });
  centred('Certificate of completion', height - 130, bold, 36);
  centred('This certifies that', height - 190, regular, 16);
  centred(certificate.learnerEmail, height - 230, bold, 24);
  centred('completed the course', height - 275, regular, 16);
  centred(certificate.courseTitle, height - 320, bold, 28);
  centred(`offered by ${certificate.organisationName}, on ${certificate.issuedAt.toISOString().slice(0, 10)}`, height - 365, regular, 16);
  centred(`Certificate ${certificate.id}`, 90, regular, 10);
  centred(`Verify it at ${verificationUrl}`, 72, regular, 10);
  return pdf.save();
}
