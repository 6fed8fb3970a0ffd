/** Pixels as float32 in [0, 1] (`images / 255`), as the chapter prepares CIFAR-10. */
export function scaleImages(images: Uint8Array): Float32Array {
  const scaled = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) scaled[i] = images[i]! / 255;
  return scaled;
}
