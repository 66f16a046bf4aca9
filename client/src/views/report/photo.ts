const LIMIT = 5 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * A phone camera photo made fit for upload: JPEG/PNG/WebP up to 5 MB pass as they are; larger or
 * other images (HEIC where the browser decodes it) are redrawn as a JPEG at most 2048 px wide.
 */
export async function fitPhoto(file: File): Promise<Blob> {
  if (TYPES.includes(file.type) && file.size <= LIMIT) return file;
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 2048 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob || blob.size > LIMIT) throw new Error('photo too large even after resizing');
  return blob;
}
