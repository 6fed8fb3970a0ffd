import { DatasetError } from './datasetError.js';

/** An IDX array of unsigned bytes (the MNIST file format). */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

const unsignedByteType = 0x08;
const headerBytesBeforeShape = 4;

/**
 * Parses an IDX file of unsigned bytes, checking its magic number (`0x0000 08 <rank>`), that its
 * rank is `expectedRank` and that its length matches its dimensions.
 */
export function parseIdx(file: Uint8Array, expectedRank: number, location: string, remedy: string): IdxArray {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerBytes = headerBytesBeforeShape + 4 * expectedRank;
  if (file.length < headerBytes)
    throw new DatasetError(location, `is ${file.length} bytes, too short for an IDX header`, remedy);
  const magic = view.getUint32(0);
  const expectedMagic = (unsignedByteType << 8) | expectedRank;
  if (magic !== expectedMagic) {
    throw new DatasetError(
      location,
      `has IDX magic number 0x${hex(magic)}, expected 0x${hex(expectedMagic)} (unsigned bytes, rank ${expectedRank})`,
      remedy,
    );
  }
  const shape = Array.from({ length: expectedRank }, (_, axis) => view.getUint32(headerBytesBeforeShape + 4 * axis));
  const size = shape.reduce((product, dim) => product * dim, 1);
  if (file.length - headerBytes !== size) {
    throw new DatasetError(
      location,
      `holds ${file.length - headerBytes} data bytes, but its shape [${shape.join(', ')}] needs ${size}`,
      remedy,
    );
  }
  // A plain view, not a Buffer: Buffer#slice would share memory where Uint8Array#slice copies.
  return { shape, data: new Uint8Array(file.buffer, file.byteOffset + headerBytes, size) };
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
